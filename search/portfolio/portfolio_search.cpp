#include "search/portfolio/portfolio_search.hpp"

#include <algorithm>
#include <limits>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "engine/error.hpp"
#include "search/candidate.hpp"
#include "search/context.hpp"
#include "search/enumerate/enumerate_search.hpp"
#include "search/method.hpp"
#include "search/seeds.hpp"

namespace kepler::portfolio {

std::vector<std::string> default_members() {
  std::vector<std::string> members = {"enumerate", "gp", "mcts"};
  const auto names = search_names();
  if (std::find(names.begin(), names.end(), "neural") != names.end()) members.emplace_back("neural");
  return members;
}

void PortfolioOptions::validate() const {
  const auto fail = [](const char* field, const std::string& rule) {
    throw InputError(std::string("portfolio.") + field, rule);
  };
  if (members.empty()) fail("members", "must name at least one method");
  std::set<std::string> seen;
  for (const std::string& name : members) {
    if (name == "portfolio") fail("members", "a portfolio cannot hold itself");
    const auto names = search_names();
    if (std::find(names.begin(), names.end(), name) == names.end()) fail("members", "unknown method '" + name + "'");
    if (!seen.insert(name).second) fail("members", "names '" + name + "' twice");
  }
  if (!(share.floor > 0.0 && share.floor <= 1.0)) fail("share.floor", "must lie in (0, 1]");
  if (!(lead_fraction >= 0.0 && lead_fraction <= 1.0)) fail("lead_fraction", "must lie in [0, 1]");
}

namespace {

struct Member {
  std::string name;
  bool registered = true;  // built by name, so it can be built afresh
  std::unique_ptr<Search> search;
  std::vector<std::unique_ptr<Search>> retired;  // earlier instances, kept for their counters
  std::size_t first_pipeline = 0;                // the current instance's, in the context
  std::size_t end_pipeline = 0;
  std::uint64_t rounds = 0;
  std::uint64_t evaluations = 0;
  std::uint64_t admitted = 0;
  double gain = 0.0;  // decades of loss taken off the front
  double seconds = 0.0;  // wall time of its rounds
  std::uint64_t restarts = 0;
  std::uint64_t last_contribution = 0;  // the portfolio round it last added to the front

  [[nodiscard]] bool restartable() const { return registered && name != "enumerate" && !search->exhausted(); }
};

std::uint64_t evaluations_of(const SearchContext& context, const Member& m) {
  std::uint64_t total = 0;
  for (std::size_t i = m.first_pipeline; i < m.end_pipeline; ++i) total += context.pipeline(i).evaluations();
  return total;
}

std::uint64_t admitted_of(const SearchContext& context, const Member& m) {
  std::uint64_t total = 0;
  for (std::size_t i = m.first_pipeline; i < m.end_pipeline; ++i) total += context.pipeline(i).admitted();
  return total;
}

double gain_of(const SearchContext& context, const Member& m) {
  double total = 0.0;
  for (std::size_t i = m.first_pipeline; i < m.end_pipeline; ++i) total += context.pipeline(i).front_gain();
  return total;
}

// Starts the member's current instance in the context, noting which pipelines are its own.
void start_member(SearchContext& context, Member& m, std::uint64_t seed) {
  m.first_pipeline = context.pipeline_count();
  m.search->start(context, seed);
  m.end_pipeline = context.pipeline_count();
}

}  // namespace

struct PortfolioSearch::Run {
  Run(std::size_t count, const PortfolioOptions& options) : schedule(count, options.share) {}

  std::vector<Member> members;
  Schedule schedule;
  std::uint64_t seed_state = 0;
  std::optional<std::size_t> running;  // the member whose round ran last, not yet credited
  std::uint64_t evaluations_before = 0;
  std::uint64_t admitted_before = 0;
  double gain_before = 0.0;
  double last_seconds = 0.0;  // the last round's wall time
  std::uint64_t rounds = 0;
  std::uint64_t last_change = 0;  // the context's evaluations when the front last changed
  std::uint64_t restarts = 0;
};

PortfolioSearch::PortfolioSearch(PortfolioOptions options) : options_(std::move(options)) {}
PortfolioSearch::PortfolioSearch(std::vector<std::unique_ptr<Search>> members, PortfolioOptions options)
    : options_(std::move(options)), given_(std::move(members)) {
  if (given_.empty()) throw InputError("portfolio.members", "must hold at least one search");
  options_.members.clear();
  for (const auto& member : given_) {
    if (!member) throw InputError("portfolio.members", "holds a null search");
    options_.members.emplace_back(member->name());
  }
}
PortfolioSearch::~PortfolioSearch() = default;
PortfolioSearch::PortfolioSearch(PortfolioSearch&&) noexcept = default;
PortfolioSearch& PortfolioSearch::operator=(PortfolioSearch&&) noexcept = default;

void PortfolioSearch::start(SearchContext& context, std::uint64_t seed) {
  if (given_.empty()) options_.validate();
  run_ = std::make_unique<Run>(options_.members.size(), options_);
  run_->seed_state = seed;
  for (std::size_t k = 0; k < options_.members.size(); ++k) {
    Member m;
    m.name = options_.members[k];
    m.registered = given_.empty();
    m.search = m.registered ? make_search(m.name) : std::move(given_[k]);
    start_member(context, m, split_mix(run_->seed_state));
    run_->members.push_back(std::move(m));
  }
  given_.clear();
}

std::optional<std::size_t> PortfolioSearch::leading_member(const SearchContext& context, const Run& run,
                                                           const std::vector<bool>& available) const {
  const Budget& budget = context.budget();
  const bool by_evaluations = budget.max_evaluations != std::numeric_limits<std::uint64_t>::max();
  const bool within = by_evaluations ? static_cast<double>(context.evaluations()) <
                                           options_.lead_fraction * static_cast<double>(budget.max_evaluations)
                                     : context.elapsed_seconds() < options_.lead_fraction * budget.seconds;
  if (!within) return std::nullopt;
  for (std::size_t k = 0; k < run.members.size(); ++k) {
    const auto* enumerator = dynamic_cast<const enumerate::EnumerateSearch*>(run.members[k].search.get());
    if (enumerator != nullptr && available[k] && enumerator->completed_size() < options_.lead_size) return k;
  }
  return std::nullopt;
}

void PortfolioSearch::round(SearchContext& context) {
  if (!run_) throw std::logic_error("PortfolioSearch::round: start() was not called");
  Run& run = *run_;
  // Credit the last round's member, now that the barrier has merged its offers.
  if (run.running) {
    Member& m = run.members[*run.running];
    const std::uint64_t spent = evaluations_of(context, m) - run.evaluations_before;
    const std::uint64_t joined = admitted_of(context, m) - run.admitted_before;
    const double gained = gain_of(context, m) - run.gain_before;
    const bool by_evaluations = context.budget().max_evaluations != std::numeric_limits<std::uint64_t>::max();
    run.schedule.record(*run.running, by_evaluations ? static_cast<double>(spent) : run.last_seconds, gained);
    m.evaluations += spent;
    m.admitted += joined;
    m.gain += gained;
    if (joined > 0) {
      m.last_contribution = run.rounds;
      run.last_change = context.evaluations();
    }
    run.running.reset();
  }
  // Stagnation: the restartable member idle longest starts afresh and adopts from the front.
  const std::uint64_t now = context.evaluations();
  const std::uint64_t quiet = now - run.last_change;
  if (options_.stagnation_evaluations > 0 && quiet >= options_.stagnation_evaluations && quiet >= now / 2) {
    std::optional<std::size_t> idle;
    for (std::size_t k = 0; k < run.members.size(); ++k) {
      const Member& m = run.members[k];
      if (m.restartable() && (!idle || m.last_contribution < run.members[*idle].last_contribution)) idle = k;
    }
    if (idle) {
      Member& m = run.members[*idle];
      m.retired.push_back(std::move(m.search));
      m.search = make_search(m.name);
      start_member(context, m, split_mix(run.seed_state));
      m.last_contribution = run.rounds;
      ++m.restarts;
      ++run.restarts;
    }
    run.last_change = now;
  }
  std::vector<bool> available(run.members.size());
  bool any = false;
  for (std::size_t k = 0; k < run.members.size(); ++k) {
    available[k] = !run.members[k].search->exhausted();
    any = any || available[k];
  }
  if (!any) return;
  std::size_t chosen = run.schedule.next(available);
  if (const auto leader = leading_member(context, run, available)) chosen = *leader;
  Member& m = run.members[chosen];
  run.evaluations_before = evaluations_of(context, m);
  run.admitted_before = admitted_of(context, m);
  run.gain_before = gain_of(context, m);
  const double started = context.elapsed_seconds();
  m.search->round(context);
  run.last_seconds = context.elapsed_seconds() - started;
  m.seconds += run.last_seconds;
  ++m.rounds;
  ++run.rounds;
  run.running = chosen;
}

bool PortfolioSearch::exhausted() const noexcept {
  if (!run_) return false;
  return std::all_of(run_->members.begin(), run_->members.end(),
                     [](const Member& m) { return m.search->exhausted(); });
}

void PortfolioSearch::add_to(SearchReport& report) const {
  if (!run_) return;
  for (const Member& m : run_->members) {
    for (const auto& old : m.retired) old->add_to(report);
    m.search->add_to(report);
  }
  for (const Member& m : run_->members) {
    report.add(m.name + "_rounds", static_cast<double>(m.rounds));
    report.add(m.name + "_evaluations", static_cast<double>(m.evaluations));
    report.add(m.name + "_admitted", static_cast<double>(m.admitted));
    report.add(m.name + "_gain", m.gain);
    report.add(m.name + "_wall_seconds", m.seconds);
  }
  report.add("restarts", static_cast<double>(run_->restarts));
}

}  // namespace kepler::portfolio
