// Embedding Kepler: read a CSV, fit the constants of a formula, print the law.
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
    std::cout << data.target_name() << " = " << kepler::to_infix(model.expr, {data.variable_names(), {}})
              << "  (MSE " << report.final_loss << ", " << to_string(report.status) << ")\n";
    return report.usable() ? 0 : 1;
  } catch (const kepler::InputError& e) {
    std::cerr << "embed: " << e.what() << "\n";
    return 2;
  }
}
