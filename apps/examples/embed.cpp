// Embedding Kepler: read a CSV, discover the law behind it, fit the constants of a known form, and
// run two searches together in one context.
//   embed datasets/examples/planets.csv
#include <kepler/kepler.hpp>

#include <iostream>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: embed planets.csv\n";
    return 2;
  }
  try {
    const kepler::Dataset data = kepler::read_csv(argv[1], {.target = "T", .weights = ""});

    // 1. Discover: which equation explains T? (An evaluation budget makes the run reproducible.)
    kepler::DiscoverOptions search;
    search.operators = {kepler::Op::Add, kepler::Op::Sub, kepler::Op::Mul, kepler::Op::Div,
                        kepler::Op::Sqrt};
    search.budget.seconds = 120;
    search.budget.max_evaluations = 300000;
    search.search.seed = 1;
    const kepler::Discovery found = kepler::discover(data, search);
    const kepler::Equation& law = found.pareto[found.best];
    std::cout << "discovered: T = " << found.infix(law) << "  (R2 " << law.r2_train << ")\n";

    // 2. Fit the constants of a known form, like scipy's curve_fit.
    kepler::ParseOptions options;
    options.variables = data.variable_names();
    options.unknown_names_are_parameters = true;  // c and p are free constants
    kepler::ParsedExpr model = kepler::parse("c * a^p", options);
    model.expr.set_parameters(std::vector<double>{300.0, 1.0});
    kepler::Fitter fitter(data);
    const kepler::FitReport report = fitter.fit(model.expr);
    const std::vector<double> theta = model.expr.parameters();
    for (std::size_t k = 0; k < theta.size(); ++k) {
      std::cout << model.parameter_names[k] << " = " << theta[k] << "\n";
    }
    std::cout << "fitted: T = " << kepler::to_infix(model.expr, {data.variable_names(), {}}) << "  ("
              << fmt::format("{}", report) << ")\n";

    // 3. Two searches in one run: one front, one candidate cache, one budget, two threads in all.
    kepler::Problem problem;
    problem.train = &data;
    kepler::Budget budget;
    budget.max_evaluations = 200'000;
    tbb::task_arena arena(2);
    const kepler::Observer quiet;
    kepler::SearchContext context(problem, budget, kepler::SearchOptions{.seed = 1}, quiet, arena);
    kepler::gp::GpSearch wide, narrow(kepler::gp::GpOptions{.islands = 2, .population = 32});
    const kepler::SearchResult together = kepler::run_searches(context, {&wide, &narrow});
    std::cout << "two searches: " << together.front.size() << " equations on the front, best core "
              << kepler::to_infix(together.front.back().expr, {data.variable_names(), {}}) << "\n";
    return report.usable() && !together.front.empty() ? 0 : 1;
  } catch (const kepler::InputError& e) {
    std::cerr << "embed: " << e.what() << "\n";
    return 2;
  }
}
