// Emission and export: Terraform JSON (per file, rendered, written by the writer that
// touches only rdha's own files, rdha/emit/atomic_write.hpp) and the
// dependency graph as DOT, Mermaid or JSON, as Stack methods and module functions.
#include <fmt/format.h>

#include "bindings.hpp"
#include "rdha/emit/graph_export.hpp"
#include "rdha/emit/pipeline.hpp"
#include "rdha/emit/tf_hcl.hpp"
#include "rdha/emit/tf_json.hpp"
#include "rdha/emit/tf_output.hpp"

namespace rdha::python {
namespace {

// The output format named by a `format` keyword; ValueError naming the valid ones.
TfFormat tf_format(const std::string& name) {
  if (const auto format = tf_format_named(name)) return *format;
  throw py::value_error(fmt::format("synth format must be \"json\" or \"hcl\", got \"{}\"", name));
}

// The output layout named by a `layout` keyword; ValueError naming the valid ones.
TfLayout tf_layout(const std::string& name) {
  if (const auto layout = tf_layout_named(name)) return *layout;
  throw py::value_error(fmt::format("synth layout must be \"flat\" or \"modules\", got \"{}\"", name));
}

// The stack's documents (to_tf_json is overloaded for files of blocks too).
std::map<std::string, nlohmann::json> stack_documents(const Stack& stack) { return to_tf_json(stack); }

}  // namespace

void bind_emit(py::module_& m, StackClass& stack) {
  m.def("to_tf_json", &stack_documents, py::arg("stack"),
        "Output files of a validated stack: file name -> document. Raises what Stack.validate raises.");
  m.def("render", &render, py::arg("document"), "The exact text written for one document (2-space indent, newline).");
  m.def(
      "write_tf_json", [](const Stack& stack, const PathArg& directory) { return write_tf_json(stack, directory.path); },
      py::arg("stack"), py::arg("directory"),
        "Validates, renders and writes the stack into directory, replacing or removing only the files rdha wrote "
        "there (its manifest); raises EmitError, changing nothing, when another file stands where it writes one. "
        "Returns the file names written.");
  m.def(
      "write_tf_hcl", [](const Stack& stack, const PathArg& directory) { return write_tf_hcl(stack, directory.path); },
      py::arg("stack"), py::arg("directory"),
      "write_tf_json in Terraform's native syntax: *.tf files as terraform fmt writes them (docs/hcl.md); the "
      "*.tf.json files rdha wrote there are removed. Returns the file names written.");
  const auto pipeline_options = [](const PathArg& config_path, const PathArg& tf_dir,
                                   std::optional<stack::CiService> ci) {
    PipelineOptions options;
    options.config_path = config_path.path.generic_string();
    options.tf_dir = tf_dir.path.generic_string();
    options.ci = ci;
    return options;
  };
  m.def(
      "pipeline_files",
      [pipeline_options](const stack::HaStackSpec& spec, const PathArg& config_path, const PathArg& tf_dir,
                         std::optional<stack::CiService> ci) {
        return pipeline_files(spec, pipeline_options(config_path, tf_dir, ci));
      },
      py::arg("spec"), py::arg("config_path"), py::arg("tf_dir") = "terraform_out", py::arg("ci") = py::none(),
      "The CI definition of rdha pipeline: path relative to the repository root -> YAML. config_path is the spec "
      "file as the jobs see it (relative to the root); ci overrides spec.pipeline.ci. Raises SpecError unless "
      "pipeline and state are enabled (and the password source is not random).");
  m.def(
      "write_pipeline",
      [pipeline_options](const stack::HaStackSpec& spec, const PathArg& config_path, const PathArg& directory,
                         const PathArg& tf_dir, std::optional<stack::CiService> ci) {
        return write_pipeline(spec, pipeline_options(config_path, tf_dir, ci), directory.path);
      },
      py::arg("spec"), py::arg("config_path"), py::arg("directory"), py::arg("tf_dir") = "terraform_out",
      py::arg("ci") = py::none(),
      "pipeline_files() written into directory (the repository root) by the writer that touches only rdha's own "
      "files; returns the names written.");
  // The export options as keywords, the same on the module functions and Stack.graph.
  const auto graph_options = [](std::string region, std::string focus, std::optional<int> depth, bool edge_labels,
                                bool legend) {
    return GraphOptions{std::move(region), std::move(focus), depth, edge_labels, legend};
  };
  constexpr const char* kOptionsDoc =
      " region: only the blocks in this region (and the region-less blocks joined to them); focus: only the blocks "
      "within depth (default 1) edges of this address, either direction; edge_labels: False leaves out the "
      "arguments edges carry; legend: explain shapes, colours and edges. Raises SpecError for a region or address "
      "not in the stack (naming the nearest address), a depth without focus or below 0.";
  const auto def_export = [&](const char* name, auto render, const std::string& doc) {
    m.def(
        name,
        [graph_options, render](const Stack& stack, std::string region, std::string focus, std::optional<int> depth,
                                bool edge_labels, bool legend) {
          return render(stack, graph_options(std::move(region), std::move(focus), depth, edge_labels, legend));
        },
        py::arg("stack"), py::arg("region") = "", py::arg("focus") = "", py::arg("depth") = py::none(),
        py::arg("edge_labels") = true, py::arg("legend") = false, (doc + kOptionsDoc).c_str());
  };
  def_export("to_dot", [](const Stack& s, const GraphOptions& o) { return to_dot(s, o); },
             "The dependency graph as Graphviz DOT (clusters per region).");
  def_export("to_mermaid", [](const Stack& s, const GraphOptions& o) { return to_mermaid(s, o); },
             "The dependency graph as a Mermaid flowchart.");
  def_export("to_graph_json", [](const Stack& s, const GraphOptions& o) { return to_graph_json(s, o); },
             "The dependency graph as {\"nodes\": [...], \"edges\": [...]} (edges dependent -> dependency).");

  stack.def("to_json", &stack_documents, "The Terraform JSON documents: file name -> document (validates first).")
      .def(
          "to_text",
          [](const Stack& self, const std::string& format, const std::string& layout) {
            return rendered_tf(self, TfOutputOptions{tf_format(format), tf_layout(layout)});
          },
          py::arg("format") = "json", py::arg("layout") = "flat",
          "The exact file contents synth(format=..., layout=...) writes: file name (\"modules/dr_network/main.tf\" "
          "in the modules layout) -> text.")
      .def(
          "synth",
          [](const Stack& self, const PathArg& out_dir, const std::string& format, const std::string& layout,
             bool sync) {
            return write_tf(self, out_dir.path, TfOutputOptions{tf_format(format), tf_layout(layout)},
                            sync ? Durability::durable : Durability::no_sync);
          },
          py::arg("out_dir"), py::arg("format") = "json", py::arg("layout") = "flat", py::arg("sync") = true,
           "Validates the stack and writes it into out_dir: *.tf.json, or with format=\"hcl\" *.tf as terraform "
           "fmt writes them (docs/hcl.md); with layout=\"modules\" a root module calling one module per region "
           "and concern under modules/ (docs/modules.md). Only the files rdha wrote there are replaced or removed "
           "(the other format's and layout's among them; another file where rdha writes one raises EmitError "
           "before anything changes), a killed write is refused by Terraform until the next one repairs it; "
           "returns the file names written. sync=False does not wait for the files to reach the disk (scratch "
           "output; a power failure may lose them). ValueError for a format other than \"json\" or \"hcl\", or a "
           "layout other than \"flat\" or \"modules\".");
  {
    py::options options;
    options.disable_function_signatures();  // the result type depends on format: Any in the stub
    stack.def(
        "graph",
        [graph_options](const Stack& self, const std::string& format, std::string region, std::string focus,
                        std::optional<int> depth, bool edge_labels, bool legend) -> py::object {
          if (format != "dot" && format != "mermaid" && format != "json")
            throw py::value_error(fmt::format("graph format must be \"dot\", \"mermaid\" or \"json\", got \"{}\"", format));
          const GraphOptions chosen = graph_options(std::move(region), std::move(focus), depth, edge_labels, legend);
          if (format == "dot") return py::str(to_dot(self, chosen));
          if (format == "mermaid") return py::str(to_mermaid(self, chosen));
          return to_python(to_graph_json(self, chosen));
        },
        py::arg("format") = "dot", py::arg("region") = "", py::arg("focus") = "",
        py::arg("depth") = py::none(), py::arg("edge_labels") = true, py::arg("legend") = false,
        (std::string("graph(self, format: str = 'dot', region: str = '', focus: str = '', depth: Optional[int] = None, "
                     "edge_labels: bool = True, legend: bool = False) -> Any\n\nThe dependency graph: \"dot\" (str), "
                     "\"mermaid\" (str) or \"json\" (dict of nodes and edges).") +
         kOptionsDoc)
            .c_str());
  }
}

}  // namespace rdha::python
