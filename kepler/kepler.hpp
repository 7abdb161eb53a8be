// Kepler: symbolic regression and equation discovery. The one header embedders include.
#pragma once

#include "engine/csv.hpp"
#include "engine/dataset.hpp"
#include "engine/error.hpp"
#include "engine/evaluator.hpp"
#include "engine/expr.hpp"
#include "engine/fitter.hpp"
#include "engine/format.hpp"
#include "engine/metrics.hpp"
#include "engine/operator.hpp"
#include "engine/pareto.hpp"
#include "engine/parse.hpp"
#include "engine/print.hpp"
#include "engine/random_expr.hpp"
#include "engine/simplify.hpp"
#include "search/discover.hpp"
#include "search/search.hpp"
