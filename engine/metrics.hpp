// Goodness of fit. Every metric takes optional row weights (empty = all rows weigh 1).
#pragma once

#include <span>

namespace kepler {

[[nodiscard]] double mse(std::span<const double> y, std::span<const double> prediction,
                         std::span<const double> weights = {});
[[nodiscard]] double rmse(std::span<const double> y, std::span<const double> prediction,
                          std::span<const double> weights = {});
[[nodiscard]] double mae(std::span<const double> y, std::span<const double> prediction,
                         std::span<const double> weights = {});
// MSE divided by the (weighted) variance of y: 0 is perfect, 1 is as good as predicting the mean.
[[nodiscard]] double nmse(std::span<const double> y, std::span<const double> prediction,
                          std::span<const double> weights = {});
// Coefficient of determination, 1 − NMSE.
[[nodiscard]] double r2(std::span<const double> y, std::span<const double> prediction,
                        std::span<const double> weights = {});
// Weighted variance of y (population form).
[[nodiscard]] double variance(std::span<const double> y, std::span<const double> weights = {});

}  // namespace kepler
