// Boost.Graph as the project includes it (the trust model and its design-time checks): the graph
// and the algorithms we use, behind one pragma (reports/trust_graph.cpp adds the Graphviz writer
// behind the same). GCC 12 reports false -Wuninitialized /
// -Wmaybe-uninitialized inside Boost's named_graph and edge iterators (an empty boost::optional)
// at -O1 with the sanitizers and at -O3, which -Werror would turn into build failures.
#pragma once

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/topological_sort.hpp>
#pragma GCC diagnostic pop
