// rdha/error.hpp — the one exception hierarchy of rdha.
//
// Every failure that reaches a user is an rdha::Error. Its what() reads
//   [rdha.<kind>.<code>] (<subject>) <what happened>. <how to fix>.
// where <subject> is the resource address ("aws_db_instance.primary") or the spec
// field path ("database.backup_window") and <kind> names the subclass. Messages are
// built by the named factories in the subclasses (one per failure), never inline at
// the throw site, so the same failure always reads the same way.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace rdha {

/// @brief Base of every exception rdha throws.
///
/// @code{.cpp}
/// try { rdha::write_tf_json(stack, "terraform_out"); }
/// catch (const rdha::Error& e) { std::cerr << e.what() << '\n'; return 2; }
/// @endcode
class Error : public std::runtime_error {
 public:
  /// @brief Builds "[rdha.<kind>.<code>] (<subject>) <message>" (the subject part is
  ///        left out when empty).
  Error(std::string_view kind, std::string_view code, std::string subject, std::string message);

  /// @brief The subclass family, e.g. "spec", "graph", "schema", "emit".
  const std::string& kind() const noexcept { return kind_; }
  /// @brief Stable machine-readable code, e.g. "cycle", "unknown_argument".
  const std::string& code() const noexcept { return code_; }
  /// @brief The resource address or spec field path the error is about ("" if none).
  const std::string& subject() const noexcept { return subject_; }
  /// @brief The message without the bracketed prefix and subject.
  const std::string& message() const noexcept { return message_; }

 private:
  std::string kind_;
  std::string code_;
  std::string subject_;
  std::string message_;
};

/// @brief One problem found while validating something: where, and what.
struct Problem {
  std::string subject;  ///< field path or resource address
  std::string message;  ///< full sentence(s): what is wrong and how to fix it
};

/// @brief A user-supplied specification (HaStackSpec, config file) is invalid.
///
/// Carries every problem found, not just the first; what() lists them sorted by
/// subject, one per line.
class SpecError : public Error {
 public:
  SpecError(std::string code, std::vector<Problem> problems);
  /// @brief Every problem found, sorted by subject then message.
  const std::vector<Problem>& problems() const noexcept { return problems_; }

  /// @brief The config text is not JSON: reports line and column.
  static SpecError malformed_json(const std::string& source, std::size_t line, std::size_t column,
                                  const std::string& detail);
  /// @brief The config file cannot be read.
  static SpecError unreadable(const std::string& path, const std::string& detail);
  /// @brief The config file is larger than any spec (@p limit bytes).
  static SpecError too_large(const std::string& path, std::size_t limit);
  /// @brief One or more fields failed validation.
  static SpecError invalid(std::vector<Problem> problems);
  /// @brief @p id (given in @p field: "skip", "check.waivers[0].rule") is no rule ID;
  ///        @p nearest: the nearest ones, nearest first; @p rule_list: the page listing them.
  static SpecError unknown_rule(const std::string& field, const std::string& id, const std::vector<std::string>& nearest,
                                std::string_view rule_list = "docs/check.md");
  /// @brief The failure domain @p domain ("az:us-east-1z") names an AZ or a region where the
  ///        stack has nothing; @p regions and @p azs: the stack's own, sorted.
  static SpecError unknown_failure_domain(const std::string& domain, const std::vector<std::string>& regions,
                                          const std::vector<std::string>& azs);

 private:
  std::vector<Problem> problems_;
};

/// @brief The dependency graph is malformed: duplicate address, dangling reference,
///        unknown provider configuration, illegal cross-reference.
class GraphError : public Error {
 public:
  using Error::Error;
  GraphError(std::string code, std::string subject, std::string message);

  static GraphError duplicate_address(const std::string& address);
  static GraphError unknown_reference(const std::string& from, const std::string& argument,
                                      const std::string& target);
  static GraphError unknown_attribute(const std::string& from, const std::string& argument,
                                      const std::string& target, const std::string& attribute,
                                      const std::string& suggestion);
  static GraphError unknown_provider(const std::string& address, const std::string& provider);
  static GraphError ephemeral_in_persistent_argument(const std::string& address,
                                                     const std::string& argument,
                                                     const std::string& target);
  static GraphError invalid_name(const std::string& what, const std::string& name);
  static GraphError foreign_reference(const std::string& address);
  static GraphError not_a_db_instance(const std::string& address);
  /// A `removed` block names a node the stack still declares.
  static GraphError removed_but_declared(const std::string& address);
  /// An `import` block targets an address that is not a managed resource of the stack.
  static GraphError import_target_missing(const std::string& address);
  /// A backend argument holds a "${" template; Terraform reads backends before any expression.
  static GraphError backend_expression(const std::string& type, const std::string& argument,
                                       const std::string& value);
};

/// @brief The graph has cycles. Lists every cycle as an address chain; self-references
///        are reported separately.
class CycleError : public GraphError {
 public:
  CycleError(std::vector<std::vector<std::string>> cycles, std::vector<std::string> self_references);
  /// @brief Each cycle as addresses, starting at its canonical (smallest) member, the
  ///        first address repeated at the end.
  const std::vector<std::vector<std::string>>& cycles() const noexcept { return cycles_; }
  /// @brief Addresses of resources that reference themselves.
  const std::vector<std::string>& self_references() const noexcept { return self_references_; }

 private:
  std::vector<std::vector<std::string>> cycles_;
  std::vector<std::string> self_references_;
};

/// @brief An argument does not fit the provider schema: unknown argument, wrong type,
///        missing required argument, literal secret.
class SchemaError : public Error {
 public:
  SchemaError(std::string code, std::string subject, std::string message);

  /// @brief @p type is not a type of its provider; @p suggestion: the nearest one ("" if none is near).
  static SchemaError unknown_type(const std::string& address, const std::string& type,
                                  const std::string& suggestion);
  static SchemaError unknown_argument(const std::string& address, const std::string& argument,
                                      const std::string& suggestion);
  static SchemaError wrong_type(const std::string& address, const std::string& argument,
                                const std::string& expected, const std::string& value);
  static SchemaError missing_required(const std::string& address, const std::string& argument);
  static SchemaError computed_only(const std::string& address, const std::string& argument);
  static SchemaError block_count(const std::string& address, const std::string& block,
                                 std::size_t count, std::size_t min, std::size_t max);
  static SchemaError secret_literal(const std::string& address, const std::string& argument);
  static SchemaError sensitive_output(const std::string& output, const std::string& attribute);
};

/// @brief Writing the output directory failed or was refused. Unless the code is
///        "interrupted", the previous output is left intact. Paths are named as the caller
///        gave the directory.
class EmitError : public Error {
 public:
  EmitError(std::string code, std::string subject, std::string message);
  /// @brief An I/O error before anything in the directory changed; @p had_previous_output:
  ///        whether rdha's output was there (it then says so, and that it is unchanged).
  static EmitError io(const std::string& path, const std::string& detail, bool had_previous_output);
  /// @brief A file of the output could not be read (comparing, not writing).
  static EmitError unreadable(const std::string& path, const std::string& detail);
  /// @brief An I/O error half-way: the write-in-progress sentinel stays until the next write.
  static EmitError interrupted(const std::string& path, const std::string& detail, std::string_view sentinel);
  static EmitError not_a_directory(const std::string& path);
  /// @brief The output directory path is "".
  static EmitError empty_path();
  /// @brief The output directory path is "-", which means standard output to most tools:
  ///        rdha writes several files, which standard output cannot hold.
  static EmitError standard_output_path();
  /// @brief "/", the home directory, a parent of it or a system directory.
  static EmitError refused_directory(const std::string& path, const std::string& reason);
  static EmitError dangling_symlink(const std::string& path, const std::string& target);
  /// @brief A directory on the way to a file is a symbolic link, not a directory, or
  ///        another file system mounted inside the output directory.
  static EmitError unsafe_subdirectory(const std::string& path, const std::string& what);
  /// @brief A directory stands where a file is to be written.
  static EmitError target_is_directory(const std::string& path);
  /// @brief Files stand where the write puts its own, and rdha did not write them: the
  ///        manifest (@p manifest) does not list them and they differ from what it writes
  ///        there. @p paths: every such file, in order; the first is the subject.
  static EmitError not_owned(const std::vector<std::string>& paths, std::string_view manifest);
  /// @brief A file name is not a relative path inside the directory, or is reserved.
  static EmitError invalid_file_name(const std::string& name, const std::vector<std::string_view>& reserved);
  /// @brief The manifest of owned files is not rdha's.
  static EmitError bad_manifest(const std::string& path, const std::string& detail);
  /// @brief The modules layout would give one input/output name (@p name) to two different
  ///        values (@p first, @p second), or a name Terraform reserves in a module call.
  static EmitError module_name_clash(const std::string& name, const std::string& first, const std::string& second);
  /// @brief A reference the modules layout cannot pass between modules (@p what says why).
  static EmitError uncuttable_reference(const std::string& address, const std::string& reference,
                                        const std::string& what);
};

/// @brief A Terraform plan given to `rdha plan-check`, or a waiver of it, cannot be used:
///        the subject is the file (or the waiver text) and the message says what is wrong.
class PlanError : public Error {
 public:
  PlanError(std::string code, std::string subject, std::string message);
  /// @brief The plan file (or waiver file) cannot be read.
  static PlanError unreadable(const std::string& path, const std::string& detail);
  /// @brief The file is larger than @p limit bytes, which no plan JSON is.
  static PlanError too_large(const std::string& path, std::size_t limit);
  /// @brief The text is not JSON; @p detail is the parser's "line L, column C: ...".
  static PlanError malformed_json(const std::string& path, const std::string& detail);
  /// @brief The JSON is not `terraform show -json` of a saved plan; @p what says what it is.
  static PlanError not_a_plan(const std::string& path, const std::string& what);
  /// @brief The plan's format_version has a major version rdha does not read.
  static PlanError unsupported_format(const std::string& path, const std::string& version);
  /// @brief A field of the plan has the wrong shape: @p field is its JSON path.
  static PlanError bad_field(const std::string& path, const std::string& field, const std::string& expected);
  /// @brief A waiver is not "ADDRESS:REASON" (or "ADDRESS REASON" in a file).
  static PlanError bad_waiver(const std::string& source, const std::string& text, const std::string& problem);
};

/// @brief The `rdha` command line cannot run as given: an unknown subcommand or option, a
///        bad argument value, or standard output that could not be written.
class CliError : public Error {
 public:
  CliError(std::string code, std::string subject, std::string message);
  /// @brief No subcommand was given; @p subcommands: every one, in the order of `--help`.
  static CliError missing_subcommand(const std::vector<std::string>& subcommands);
  /// @brief @p word is not a subcommand; @p suggestion is the nearest one ("" if none is near).
  static CliError unknown_subcommand(const std::string& word, const std::string& suggestion,
                                     const std::vector<std::string>& subcommands);
  /// @brief @p option is not an option of @p command ("rdha synth"); @p suggestion as above.
  static CliError unknown_option(const std::string& command, const std::string& option,
                                 const std::string& suggestion);
  /// @brief Any other argument error of @p command; @p detail is the parser's sentence.
  static CliError bad_arguments(const std::string& command, const std::string& detail);
  /// @brief Flushing or closing standard output failed (a full disk, a closed pipe): the
  ///        result is incomplete.
  static CliError standard_output(const std::string& detail);
};

/// @brief Anything else that stopped rdha: a C++ exception that is not an rdha::Error (a
///        bug) or an exhausted resource. The CLI and the Python module report these
///        instead of letting them abort the process.
class InternalError : public Error {
 public:
  InternalError(std::string code, std::string message);
  /// @brief An exception of another type; @p detail is its what() (or a description).
  static InternalError unexpected(const std::string& detail);
  static InternalError out_of_memory();
};

/// @brief Stack::validate (and everything that validates first: write_tf_json, synth) found
///        problems. Always this type, whatever the problems are and however many, with every
///        one in problems(): each problem's message starts with the "[rdha.<kind>.<code>]" of
///        the failure it describes (graph, schema, cycle).
///
/// With one problem, kind(), code(), subject(), message() and what() are those of that
/// failure ("[rdha.schema.missing_required] (aws_subnet.a) ..."); with several, kind() is
/// "validation", code() "failed" and what() lists every problem sorted by subject. When
/// the graph has cycles, Stack::validate() throws it with the CycleError nested
/// (std::rethrow_if_nested gives its cycles() and self_references()).
class ValidationError : public Error {
 public:
  /// @brief @p failures: every failure found, in any order (at least one).
  explicit ValidationError(const std::vector<Error>& failures);
  /// @brief Every problem found, sorted by subject then message; never empty.
  const std::vector<Problem>& problems() const noexcept { return problems_; }

 private:
  ValidationError(const std::vector<Error>& failures, std::vector<Problem> problems);
  std::vector<Problem> problems_;
};

/// @brief "did you mean" helper: the candidate closest to @p word by edit distance,
///        or "" when none is close enough to be a plausible typo.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

/// @brief The (at most @p count) candidates nearest to @p word by edit distance, nearest
///        first (ties in order of name), however far: for listing alternatives.
std::vector<std::string> nearest_matches(std::string_view word, const std::vector<std::string>& candidates,
                                         std::size_t count);

}  // namespace rdha
