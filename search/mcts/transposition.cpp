#include "search/mcts/transposition.hpp"

#include "search/mcts/tree.hpp"

namespace kepler::mcts {

std::uint32_t TranspositionTable::find_or_add(std::uint64_t key, std::uint32_t node, std::size_t nodes,
                                              std::size_t constants) {
  const Entry entry{node, static_cast<std::uint32_t>(nodes), static_cast<std::uint32_t>(constants)};
  const auto [it, added] = entries_.try_emplace(key, entry);
  if (added) return kNoNode;
  if (it->second.nodes <= entry.nodes && it->second.constants <= entry.constants) return it->second.node;
  if (entry.nodes <= it->second.nodes && entry.constants <= it->second.constants) it->second = entry;
  return kNoNode;
}

}  // namespace kepler::mcts
