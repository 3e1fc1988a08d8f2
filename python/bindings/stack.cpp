// The HA stack: build_ha_stack / build_ha_stack_parts and every module of
// rdha/stack/modules.hpp with its result struct, so a notebook can compose its own stack
// (three regions, no DR replica, extra alarms) from the same pieces.
//
// A module result holds handles into the stack and RegionContexts pointing into the spec
// it was built from; each Python result object therefore carries an Anchor owning the
// stack and a snapshot of that spec (and of any RegionSpec a caller supplied).
#include <fmt/format.h>

#include "bindings.hpp"
#include "rdha/error.hpp"
#include "rdha/stack/bootstrap.hpp"
#include "rdha/stack/ha_stack.hpp"
#include "rdha/stack/migration.hpp"

namespace rdha::python {

using namespace rdha::stack;

namespace {

template <class T>
struct Part {
  T value;
  AnchorPtr anchor;
};

/// Python's RegionContext: the C++ context and shared ownership of the RegionSpec it
/// points to.
struct Region {
  RegionContext context;  // context.spec == spec.get()
  std::shared_ptr<const RegionSpec> spec;

  /// The context with the names the spec given to a module assigns to its key.
  RegionContext named_by(const HaStackSpec& stack_spec) const {
    RegionContext out = context;
    out.names = Names(stack_spec).region(context.key);
    return out;
  }
};

struct PyHaStack {
  HaStack parts;  // parts.stack is empty: the stack lives in anchor->stack
  AnchorPtr anchor;
};

// ---- anchors --------------------------------------------------------------------------------

struct AnchorBuilder {
  std::shared_ptr<Anchor> anchor = std::make_shared<Anchor>();

  explicit AnchorBuilder(std::shared_ptr<Stack> stack) { anchor->stack = std::move(stack); }
  AnchorBuilder& spec(const HaStackSpec& spec, std::shared_ptr<const HaStackSpec>* out) {
    auto snapshot = std::make_shared<const HaStackSpec>(spec);
    anchor->keep.push_back(snapshot);
    *out = std::move(snapshot);
    return *this;
  }
  template <class T>
  AnchorBuilder& part(const Part<T>& value, const char* what) {
    if (value.anchor->stack != anchor->stack) throw GraphError::foreign_reference(what);
    anchor->keep.push_back(value.anchor);
    return *this;
  }
  AnchorBuilder& region(const Region& value) {
    anchor->keep.push_back(value.spec);
    return *this;
  }
};

Region region_of(const AnchorPtr& anchor, const RegionContext& context) {
  // The context's RegionSpec lives in something the anchor owns: share its ownership.
  return Region{context, std::shared_ptr<const RegionSpec>(anchor, context.spec)};
}

Handle handle(const AnchorPtr& anchor, const ResourceHandle& h) { return Handle{anchor->stack, h}; }

template <class H>
std::optional<Handle> maybe(const AnchorPtr& anchor, const std::optional<H>& h) {
  return h ? std::optional<Handle>(Handle{anchor->stack, *h}) : std::nullopt;
}

/// A part of a module result that exists only with a DR region (or another option).
template <class T>
std::optional<Part<T>> maybe_part(const AnchorPtr& anchor, const std::optional<T>& value) {
  return value ? std::optional<Part<T>>(Part<T>{*value, anchor}) : std::nullopt;
}

/// A snapshot copy passed back in (add_migration_copy's result): of this stack, of that type.
std::optional<aws::DbSnapshotCopy> copy_handle(const std::shared_ptr<Stack>& stack,
                                               const std::optional<Handle>& given) {
  if (!given) return std::nullopt;
  if (given->stack != stack) throw GraphError::foreign_reference(given->handle.str());
  if (given->handle.node().address.type != aws::DbSnapshotCopy::kType)
    throw SpecError::invalid({{"migration_copy", given->handle.str() +
                                                     " is not an aws_db_snapshot_copy; pass add_migration_copy()'s "
                                                     "result."}});
  return aws::DbSnapshotCopy(given->handle);
}

/// The value of an optional module argument (None: the region is left out).
template <class T>
const T* value_of(const std::optional<Part<T>>& part) {
  return part ? &part->value : nullptr;
}

template <class H>
std::vector<Handle> handles(const AnchorPtr& anchor, const std::vector<H>& items) {
  std::vector<Handle> out;
  for (const auto& h : items) out.push_back(Handle{anchor->stack, h});
  return out;
}

std::optional<Expr> maybe_ref(const std::optional<Attr<tf::String>>& attr) {
  return attr ? std::optional<Expr>(Expr::raw(attr->text())) : std::nullopt;
}

std::optional<Attr<tf::String>> attr_of(const std::optional<Expr>& ref) {
  return ref ? std::optional<Attr<tf::String>>(Attr<tf::String>::at(ref->text())) : std::nullopt;
}

template <class T>
using PartClass = py::class_<Part<T>>;

template <class T, class Fn>
void handle_property(PartClass<T>& cls, const char* name, Fn member, const char* doc) {
  cls.def_property_readonly(name, [member](const Part<T>& p) { return handle(p.anchor, p.value.*member); }, doc);
}

// RegionRole and RegionContext: what a module needs to know of one region.
void bind_regions(py::module_& m) {
  py::enum_<RegionRole> role(m, "RegionRole",
                            "The part a region plays: primary (the writer's region) or dr (the DR replica's "
                            "region, or another region beside the primary).");
  role.value("primary", RegionRole::primary).value("dr", RegionRole::dr);
  def_enum_by_name(role);

  py::class_<Region>(m, "RegionContext", R"doc(One region of a stack: a key used in local names and name bases ("primary",
"dr", or your own, e.g. "eu"), its role, its provider configuration, its network spec
(copied), the existing application security groups its DB group admits, and its
application subnets that the other region's DB group admits by CIDR (cross_region_app_cidrs;
empty: the region's private subnets). Its names follow the spec given to the module that
builds it.)doc")
      .def(py::init([](std::string key, ProviderRef provider, const RegionSpec& spec, RegionRole role,
                       std::vector<std::string> existing_app_security_group_ids,
                       std::vector<std::string> cross_region_app_cidrs) {
             auto owned = std::make_shared<const RegionSpec>(spec);
             if (cross_region_app_cidrs.empty()) cross_region_app_cidrs = owned->private_subnets;
             RegionContext context{std::move(key),
                                   role,
                                   std::move(provider),
                                   owned.get(),
                                   {},
                                   std::move(existing_app_security_group_ids),
                                   std::move(cross_region_app_cidrs)};
             return Region{std::move(context), std::move(owned)};
           }),
           py::arg("key"), py::arg("provider"), py::arg("spec"), py::arg("role") = RegionRole::dr,
           py::arg("existing_app_security_group_ids") = std::vector<std::string>{},
           py::arg("cross_region_app_cidrs") = std::vector<std::string>{})
      .def_property_readonly("key", [](const Region& r) { return r.context.key; })
      .def_property_readonly("role", [](const Region& r) { return r.context.role; })
      .def_property_readonly("provider", [](const Region& r) { return r.context.provider; })
      .def_property_readonly("spec", [](const Region& r) { return *r.spec; }, "A copy of the region's network spec.")
      .def_property_readonly("existing_app_security_group_ids",
                             [](const Region& r) { return r.context.existing_app_security_group_ids; })
      .def_property_readonly("cross_region_app_cidrs",
                             [](const Region& r) { return r.context.cross_region_app_cidrs; })
      .def("__repr__", [](const Region& r) {
        return fmt::format("<RegionContext {} ({}, {})>", r.context.key, r.context.provider.str(), r.spec->name);
      });
}

// Results of the modules that build the regions: providers, keys, networks, peering, secret,
// security groups, IAM roles.
void bind_region_results(py::module_& m) {
  PartClass<Providers> providers(m, "Providers", "Provider configurations and shared data sources (add_providers).");
  providers.def_property_readonly("primary", [](const Part<Providers>& p) { return region_of(p.anchor, p.value.primary); })
      .def_property_readonly(
          "dr",
          [](const Part<Providers>& p) {
            return p.value.dr ? std::optional<Region>(region_of(p.anchor, *p.value.dr)) : std::nullopt;
          },
          "The DR region; None when regions.dr.enabled is false.");
  handle_property(providers, "caller", &Providers::caller, "data.aws_caller_identity.current (primary provider).");
  handle_property(providers, "partition", &Providers::partition, "data.aws_partition.current (primary provider).");

  py::class_<Part<KmsKeys>>(m, "KmsKeys", "KMS keys for data at rest in each region (build_kms).")
      .def_property_readonly("customer_managed", [](const Part<KmsKeys>& p) { return p.value.customer_managed; })
      .def_property_readonly("primary_key", [](const Part<KmsKeys>& p) { return maybe(p.anchor, p.value.primary_key); })
      .def_property_readonly("dr_key", [](const Part<KmsKeys>& p) { return maybe(p.anchor, p.value.dr_key); })
      .def_property_readonly("primary_arn", [](const Part<KmsKeys>& p) { return maybe_ref(p.value.primary_arn); },
                             "Key ARN for encryption in the primary region; None in aws_managed mode.")
      .def_property_readonly("dr_arn", [](const Part<KmsKeys>& p) { return maybe_ref(p.value.dr_arn); })
      .def_property_readonly("dr_rds_default_arn",
                             [](const Part<KmsKeys>& p) { return maybe_ref(p.value.dr_rds_default_arn); });

  PartClass<RegionNetwork> network(m, "RegionNetwork", "The network of one region (build_network).");
  network.def_property_readonly("region", [](const Part<RegionNetwork>& p) { return region_of(p.anchor, p.value.region); })
      .def_property_readonly("public_subnets",
                             [](const Part<RegionNetwork>& p) { return handles(p.anchor, p.value.public_subnets); })
      .def_property_readonly("private_subnets",
                             [](const Part<RegionNetwork>& p) { return handles(p.anchor, p.value.private_subnets); });
  handle_property(network, "vpc", &RegionNetwork::vpc, "The VPC.");
  handle_property(network, "internet_gateway", &RegionNetwork::internet_gateway, "The internet gateway.");
  handle_property(network, "nat_gateway", &RegionNetwork::nat_gateway, "The NAT gateway (first public subnet).");
  handle_property(network, "public_route_table", &RegionNetwork::public_route_table, "Public route table.");
  handle_property(network, "private_route_table", &RegionNetwork::private_route_table, "Private route table.");

  PartClass<Peering> peering(m, "Peering", "Cross-region VPC peering (build_peering).");
  handle_property(peering, "connection", &Peering::connection, "Requester side (primary region).");
  handle_property(peering, "accepter", &Peering::accepter, "Accepter side (DR region).");

  py::class_<Part<MasterSecret>>(m, "MasterSecret", "The master password and the secret that stores it (build_secrets).")
      .def_property_readonly("source", [](const Part<MasterSecret>& p) { return p.value.source; })
      .def_property_readonly("secret", [](const Part<MasterSecret>& p) { return maybe(p.anchor, p.value.secret); })
      .def_property_readonly("random_password",
                             [](const Part<MasterSecret>& p) { return maybe(p.anchor, p.value.random_password); })
      .def_property_readonly("ephemeral_password",
                             [](const Part<MasterSecret>& p) { return maybe(p.anchor, p.value.ephemeral_password); })
      .def_property_readonly("password", [](const Part<MasterSecret>& p) { return maybe_ref(p.value.password); })
      .def_property_readonly("password_version", [](const Part<MasterSecret>& p) { return p.value.password_version; });

  PartClass<RegionSecurity> security(m, "RegionSecurity", "Security groups of one region (build_security_groups).");
  security.def_property_readonly("app", [](const Part<RegionSecurity>& p) { return maybe(p.anchor, p.value.app); });
  handle_property(security, "db", &RegionSecurity::db, "The DB security group.");

  PartClass<IamRoles> iam(m, "IamRoles", "IAM roles of the stack (build_iam).");
  handle_property(iam, "monitoring", &IamRoles::monitoring, "Enhanced Monitoring role.");
  handle_property(iam, "terraform", &IamRoles::terraform, "Terraform execution role.");
  handle_property(iam, "rds_operations", &IamRoles::rds_operations, "Failover / promotion runbook role.");
}

// Results of the database, monitoring and failover modules.
void bind_database_results(py::module_& m) {
  PartClass<RegionDatabase> region_db(m, "RegionDatabase", "Database resources of one region.");
  handle_property(region_db, "subnet_group", &RegionDatabase::subnet_group, "DB subnet group (private subnets).");
  handle_property(region_db, "parameter_group", &RegionDatabase::parameter_group, "DB parameter group.");

  PartClass<Database> database(m, "Database", "The database tier (build_database).");
  database
      .def_property_readonly("primary_region",
                             [](const Part<Database>& p) { return Part<RegionDatabase>{p.value.primary_region, p.anchor}; })
      .def_property_readonly("dr_region", [](const Part<Database>& p) { return maybe_part(p.anchor, p.value.dr_region); },
                             "None when regions.dr.enabled is false.")
      .def_property_readonly("replicas", [](const Part<Database>& p) { return handles(p.anchor, p.value.replicas); })
      .def_property_readonly("dr_replica", [](const Part<Database>& p) { return maybe(p.anchor, p.value.dr_replica); })
      .def_property_readonly("backups_replication",
                             [](const Part<Database>& p) { return maybe(p.anchor, p.value.backups_replication); })
      .def_property_readonly("log_groups", [](const Part<Database>& p) { return handles(p.anchor, p.value.log_groups); })
      .def_property_readonly("master_secret_value",
                             [](const Part<Database>& p) { return maybe(p.anchor, p.value.master_secret_value); });
  handle_property(database, "primary", &Database::primary, "The Multi-AZ writer.");

  PartClass<Monitoring> monitoring(m, "Monitoring", "Alarm topics and alarms (build_monitoring).");
  monitoring.def_property_readonly("alarms", [](const Part<Monitoring>& p) { return handles(p.anchor, p.value.alarms); });
  handle_property(monitoring, "primary_topic", &Monitoring::primary_topic, "Alarm topic in the primary region.");
  monitoring.def_property_readonly("dr_topic", [](const Part<Monitoring>& p) { return maybe(p.anchor, p.value.dr_topic); },
                                   "Alarm topic in the DR region; None when regions.dr.enabled is false.");

  py::class_<Part<Failover>>(m, "Failover", "Stable DNS names, the region-loss runbook and its trigger (build_failover).")
      .def_property_readonly("zone", [](const Part<Failover>& p) { return handle(p.anchor, p.value.zone); },
                             "Route 53 private zone on both VPCs.")
      .def_property_readonly("writer", [](const Part<Failover>& p) { return maybe(p.anchor, p.value.writer); },
                             "The failover PRIMARY record of writer.<zone>, on the writer; a plain CNAME without a "
                             "DR instance, None in the dr_promoted state.")
      .def_property_readonly("writer_dr", [](const Part<Failover>& p) { return maybe(p.anchor, p.value.writer_dr); },
                             "writer.<zone>: the SECONDARY record on the DR instance.")
      .def_property_readonly("writer_alarm", [](const Part<Failover>& p) { return maybe(p.anchor, p.value.writer_alarm); },
                             "The alarm in the DR region on the failover metric that switches writer.<zone>.")
      .def_property_readonly("writer_health_check",
                             [](const Part<Failover>& p) { return maybe(p.anchor, p.value.writer_health_check); },
                             "The PRIMARY record's health check on that alarm (LastKnownStatus).")
      .def_property_readonly("readers", [](const Part<Failover>& p) { return handles(p.anchor, p.value.readers); })
      .def_property_readonly("reader_alarms",
                             [](const Part<Failover>& p) { return handles(p.anchor, p.value.reader_alarms); })
      .def_property_readonly("reader_health_checks",
                             [](const Part<Failover>& p) { return handles(p.anchor, p.value.reader_health_checks); })
      .def_property_readonly("reader_dr", [](const Part<Failover>& p) { return maybe(p.anchor, p.value.reader_dr); },
                             "reader.<zone>: weight 0 on the DR instance, answered when every reader is unhealthy.")
      .def_property_readonly("writer_name", [](const Part<Failover>& p) { return p.value.writer_name; })
      .def_property_readonly("reader_name", [](const Part<Failover>& p) { return p.value.reader_name; })
      .def_property_readonly("document", [](const Part<Failover>& p) { return maybe(p.anchor, p.value.document); })
      .def_property_readonly("operations_policy",
                             [](const Part<Failover>& p) { return maybe(p.anchor, p.value.operations_policy); })
      .def_property_readonly("trigger_alarm", [](const Part<Failover>& p) { return maybe(p.anchor, p.value.trigger_alarm); })
      .def_property_readonly("trigger_rule", [](const Part<Failover>& p) { return maybe(p.anchor, p.value.trigger_rule); })
      .def_property_readonly("trigger_target",
                             [](const Part<Failover>& p) { return maybe(p.anchor, p.value.trigger_target); })
      .def_property_readonly("trigger_role", [](const Part<Failover>& p) { return maybe(p.anchor, p.value.trigger_role); });
}

// HaStack: every module result of one stack, as build_ha_stack_parts() returns them.
void bind_ha_stack_class(py::module_& m) {
  py::class_<PyHaStack>(m, "HaStack", "Everything build_ha_stack_parts() created, for callers that extend the stack.")
      .def(py::init([](const std::shared_ptr<Stack>& stack, const Part<Providers>& providers, const Part<KmsKeys>& kms,
                       const Part<RegionNetwork>& primary_network,
                       const std::optional<Part<RegionNetwork>>& dr_network,
                       const std::optional<Part<Peering>>& peering, const Part<MasterSecret>& secret,
                       const Part<RegionSecurity>& primary_security,
                       const std::optional<Part<RegionSecurity>>& dr_security, const Part<IamRoles>& iam,
                       const std::optional<Part<Database>>& database, const Part<Monitoring>& monitoring,
                       const std::optional<Part<Failover>>& failover, const std::optional<Handle>& migration_copy) {
             AnchorBuilder anchor(stack);
             anchor.part(providers, "providers").part(kms, "kms").part(primary_network, "primary_network");
             if (dr_network) anchor.part(*dr_network, "dr_network");
             if (peering) anchor.part(*peering, "peering");
             anchor.part(secret, "secret").part(primary_security, "primary_security");
             if (dr_security) anchor.part(*dr_security, "dr_security");
             anchor.part(iam, "iam");
             if (database) anchor.part(*database, "database");
             anchor.part(monitoring, "monitoring");
             if (failover) anchor.part(*failover, "failover");
             const auto snapshot_copy = copy_handle(stack, migration_copy);
             const auto copy = [](const auto& part) {
               return part ? std::optional(part->value) : std::nullopt;
             };
             return PyHaStack{HaStack{Stack(), providers.value, kms.value, primary_network.value, copy(dr_network),
                                      copy(peering), secret.value, primary_security.value, copy(dr_security),
                                      iam.value, snapshot_copy, copy(database), monitoring.value, copy(failover)},
                              anchor.anchor};
           }),
           py::arg("stack"), py::arg("providers"), py::arg("kms"), py::arg("primary_network"), py::arg("dr_network"),
           py::arg("peering"), py::arg("secret"), py::arg("primary_security"), py::arg("dr_security"), py::arg("iam"),
           py::arg("database"), py::arg("monitoring"), py::arg("failover") = py::none(),
           py::arg("migration_copy") = py::none(),
           "Groups module results of one stack (e.g. for add_outputs); dr_network, peering and dr_security are None "
           "without a DR region, database None in migration.phase copy.")
      .def_property_readonly("stack", [](const PyHaStack& h) { return h.anchor->stack; })
      .def_property_readonly("providers", [](const PyHaStack& h) { return Part<Providers>{h.parts.providers, h.anchor}; })
      .def_property_readonly("kms", [](const PyHaStack& h) { return Part<KmsKeys>{h.parts.kms, h.anchor}; })
      .def_property_readonly("primary_network",
                             [](const PyHaStack& h) { return Part<RegionNetwork>{h.parts.primary_network, h.anchor}; })
      .def_property_readonly("dr_network", [](const PyHaStack& h) { return maybe_part(h.anchor, h.parts.dr_network); })
      .def_property_readonly("peering", [](const PyHaStack& h) { return maybe_part(h.anchor, h.parts.peering); })
      .def_property_readonly("secret", [](const PyHaStack& h) { return Part<MasterSecret>{h.parts.secret, h.anchor}; })
      .def_property_readonly("primary_security",
                             [](const PyHaStack& h) { return Part<RegionSecurity>{h.parts.primary_security, h.anchor}; })
      .def_property_readonly("dr_security",
                             [](const PyHaStack& h) { return maybe_part(h.anchor, h.parts.dr_security); })
      .def_property_readonly("iam", [](const PyHaStack& h) { return Part<IamRoles>{h.parts.iam, h.anchor}; })
      .def_property_readonly("migration_copy", [](const PyHaStack& h) { return maybe(h.anchor, h.parts.migration_copy); },
                             "The encrypted copy of the migration source's snapshot; None without migration.")
      .def_property_readonly("database", [](const PyHaStack& h) { return maybe_part(h.anchor, h.parts.database); },
                             "The database tier; None in migration.phase copy, whose primary is restored from "
                             "the copy in the restore phase.")
      .def_property_readonly("monitoring",
                             [](const PyHaStack& h) { return Part<Monitoring>{h.parts.monitoring, h.anchor}; })
      .def_property_readonly("failover", [](const PyHaStack& h) {
        return h.parts.failover ? std::optional<Part<Failover>>(Part<Failover>{*h.parts.failover, h.anchor})
                                : std::nullopt;
      });
}

// The whole stack: build_ha_stack, build_ha_stack_parts, add_outputs; the state bootstrap.
void bind_stack_builders(py::module_& m) {
  m.def(
      "build_ha_stack", [](const HaStackSpec& spec) { return std::make_shared<Stack>(build_ha_stack(spec)); },
      py::arg("spec"), "Builds the HA stack described by spec (raises SpecError listing every problem first).");

  m.def(
      "build_bootstrap_stack",
      [](const HaStackSpec& spec) { return std::make_shared<Stack>(build_bootstrap_stack(spec)); },
      py::arg("spec"),
      "Builds the state bootstrap of spec.state (rdha bootstrap): the state bucket, its replica in the other region, "
      "replication, the lock table with dynamodb locking and the Terraform state policy. Raises SpecError for an "
      "invalid spec or one without state.bucket.");

  m.def(
      "migration_runbook",
      [](const HaStackSpec& spec, const PathArg& config_path) -> nlohmann::json {
        return dr::to_json(migration_runbook(spec, config_path.path.string()));
      },
      py::arg("spec"), py::arg("config_path") = "stack.json",
      "The cutover runbook of spec.migration as rdha migrate --format json prints it (without the envelope): steps "
      "with their commands marked aws-cli, sql, terraform, rdha or tool, rollbacks and the downtime estimate. config_path "
      "is the spec file the rdha synth lines name. Raises SpecError when migration is off.");

  m.def(
      "build_ha_stack_parts",
      [](const HaStackSpec& spec) {
        std::shared_ptr<const HaStackSpec> snapshot;
        auto anchor = std::make_shared<Anchor>();
        snapshot = std::make_shared<const HaStackSpec>(spec);
        anchor->keep.push_back(snapshot);
        HaStack parts = build_ha_stack_parts(*snapshot);
        anchor->stack = std::make_shared<Stack>(std::move(parts.stack));
        return PyHaStack{std::move(parts), anchor};
      },
      py::arg("spec"), "Builds the HA stack and returns it with the handles of every module.");

  m.def(
      "add_outputs",
      [](PyHaStack& h) {
        // add_outputs works on an HaStack; lend it the stack and take it back whatever happens.
        Stack& stack = *h.anchor->stack;
        h.parts.stack = std::move(stack);
        try {
          add_outputs(h.parts);
        } catch (...) {
          stack = std::move(h.parts.stack);
          throw;
        }
        stack = std::move(h.parts.stack);
      },
      py::arg("parts"), "Adds the stack outputs (endpoints, secret ARN, key ARNs, VPC IDs, peering ID).");
}

// The modules that lay out the regions: providers, KMS, networks, peering.
void bind_region_modules(py::module_& m) {
  m.def(
      "add_providers",
      [](const std::shared_ptr<Stack>& stack, const HaStackSpec& spec) {
        std::shared_ptr<const HaStackSpec> snapshot;
        AnchorBuilder anchor(stack);
        anchor.spec(spec, &snapshot);
        return Part<Providers>{add_providers(*stack, *snapshot), anchor.anchor};
      },
      py::arg("stack"), py::arg("spec"),
      "required_providers (aws 5.x, random 3.x), the primary and DR provider configurations with "
      "default_tags, and the caller/partition data sources.");

  m.def(
      "build_kms",
      [](const std::shared_ptr<Stack>& stack, const HaStackSpec& spec, const Part<Providers>& providers) {
        std::shared_ptr<const HaStackSpec> snapshot;
        AnchorBuilder anchor(stack);
        anchor.spec(spec, &snapshot).part(providers, "providers");
        return Part<KmsKeys>{build_kms(*stack, *snapshot, providers.value), anchor.anchor};
      },
      py::arg("stack"), py::arg("spec"), py::arg("providers"), "KMS keys for data at rest in each region.");

  m.def(
      "build_network",
      [](const std::shared_ptr<Stack>& stack, const HaStackSpec& spec, const Region& region,
         const std::optional<Expr>& log_key_arn) {
        std::shared_ptr<const HaStackSpec> snapshot;
        AnchorBuilder anchor(stack);
        anchor.spec(spec, &snapshot).region(region);
        return Part<RegionNetwork>{build_network(*stack, *snapshot, region.named_by(*snapshot), attr_of(log_key_arn)),
                                   anchor.anchor};
      },
      py::arg("stack"), py::arg("spec"), py::arg("region"), py::arg("log_key_arn") = py::none(),
      "VPC, subnets, gateways, routes, locked default security group and flow logs of one region. "
      "log_key_arn: the region's KMS key ARN (None in aws_managed mode).");

  m.def(
      "build_peering",
      [](const std::shared_ptr<Stack>& stack, const HaStackSpec& spec, const Part<RegionNetwork>& primary,
         const Part<RegionNetwork>& dr) {
        std::shared_ptr<const HaStackSpec> snapshot;
        AnchorBuilder anchor(stack);
        anchor.spec(spec, &snapshot).part(primary, "primary").part(dr, "dr");
        return Part<Peering>{build_peering(*stack, *snapshot, primary.value, dr.value), anchor.anchor};
      },
      py::arg("stack"), py::arg("spec"), py::arg("primary"), py::arg("dr"),
      "Cross-region VPC peering with routes to the peer CIDR in both regions.");
}

// The modules that guard access: the master secret, security groups, IAM roles.
void bind_access_modules(py::module_& m) {
  m.def(
      "build_secrets",
      [](const std::shared_ptr<Stack>& stack, const HaStackSpec& spec, const Part<Providers>& providers,
         const Part<KmsKeys>& kms) {
        std::shared_ptr<const HaStackSpec> snapshot;
        AnchorBuilder anchor(stack);
        anchor.spec(spec, &snapshot).part(providers, "providers").part(kms, "kms");
        return Part<MasterSecret>{build_secrets(*stack, *snapshot, providers.value, kms.value), anchor.anchor};
      },
      py::arg("stack"), py::arg("spec"), py::arg("providers"), py::arg("kms"),
      "Master password per database.password_source, stored in Secrets Manager.");

  m.def(
      "build_security_groups",
      [](const std::shared_ptr<Stack>& stack, const HaStackSpec& spec, const Part<RegionNetwork>& network,
         const std::optional<Part<RegionNetwork>>& peer) {
        std::shared_ptr<const HaStackSpec> snapshot;
        AnchorBuilder anchor(stack);
        anchor.spec(spec, &snapshot).part(network, "network");
        if (peer) anchor.part(*peer, "peer");
        return Part<RegionSecurity>{build_security_groups(*stack, *snapshot, network.value, value_of(peer)),
                                    anchor.anchor};
      },
      py::arg("stack"), py::arg("spec"), py::arg("network"), py::arg("peer"),
      "App-tier and DB security groups of one region (PostgreSQL port from the app tier only); peer None: no "
      "cross-region rule (no DR region).");

  m.def(
      "build_iam",
      [](const std::shared_ptr<Stack>& stack, const HaStackSpec& spec, const Part<Providers>& providers,
         const Part<KmsKeys>& kms) {
        std::shared_ptr<const HaStackSpec> snapshot;
        AnchorBuilder anchor(stack);
        anchor.spec(spec, &snapshot).part(providers, "providers").part(kms, "kms");
        return Part<IamRoles>{build_iam(*stack, *snapshot, providers.value, kms.value), anchor.anchor};
      },
      py::arg("stack"), py::arg("spec"), py::arg("providers"), py::arg("kms"),
      "Enhanced Monitoring, Terraform execution and RDS operations roles.");
}

// The database tier and what watches and fails it over.
void bind_database_modules(py::module_& m) {
  m.def(
      "build_database",
      [](const std::shared_ptr<Stack>& stack, const HaStackSpec& spec, const Part<Providers>& providers,
         const Part<RegionNetwork>& primary_network, const std::optional<Part<RegionNetwork>>& dr_network,
         const Part<RegionSecurity>& primary_security, const std::optional<Part<RegionSecurity>>& dr_security,
         const Part<KmsKeys>& kms, const Part<MasterSecret>& secret, const Part<IamRoles>& iam,
         const std::optional<Handle>& migration_copy) {
        std::shared_ptr<const HaStackSpec> snapshot;
        AnchorBuilder anchor(stack);
        const auto snapshot_copy = copy_handle(stack, migration_copy);
        anchor.spec(spec, &snapshot).part(providers, "providers").part(primary_network, "primary_network");
        if (dr_network) anchor.part(*dr_network, "dr_network");
        anchor.part(primary_security, "primary_security");
        if (dr_security) anchor.part(*dr_security, "dr_security");
        anchor.part(kms, "kms").part(secret, "secret").part(iam, "iam");
        return Part<Database>{build_database(*stack, *snapshot, providers.value, primary_network.value,
                                             value_of(dr_network), primary_security.value, value_of(dr_security),
                                             kms.value, secret.value, iam.value, snapshot_copy),
                              anchor.anchor};
      },
      py::arg("stack"), py::arg("spec"), py::arg("providers"), py::arg("primary_network"), py::arg("dr_network"),
      py::arg("primary_security"), py::arg("dr_security"), py::arg("kms"), py::arg("secret"), py::arg("iam"),
      py::arg("migration_copy") = py::none(),
      "Subnet and parameter groups, the Multi-AZ primary, the read replicas, the DR replica and backups "
      "replication. migration_copy: add_migration_copy()'s copy, which the primary is restored from in "
      "migration.phase restore.");

  m.def(
      "add_migration_copy",
      [](const std::shared_ptr<Stack>& stack, const HaStackSpec& spec, const Part<Providers>& providers,
         const Part<KmsKeys>& kms) {
        AnchorBuilder anchor(stack);
        anchor.part(providers, "providers").part(kms, "kms");
        return maybe(anchor.anchor, add_migration_copy(*stack, spec, providers.value.primary, kms.value));
      },
      py::arg("stack"), py::arg("spec"), py::arg("providers"), py::arg("kms"),
      "With migration enabled, the encrypted copy of the source's final snapshot "
      "(aws_db_snapshot_copy.migration); None without migration.");

  m.def(
      "build_monitoring",
      [](const std::shared_ptr<Stack>& stack, const HaStackSpec& spec, const Part<Providers>& providers,
         const Part<KmsKeys>& kms, const std::optional<Part<Database>>& database) {
        std::shared_ptr<const HaStackSpec> snapshot;
        AnchorBuilder anchor(stack);
        anchor.spec(spec, &snapshot).part(providers, "providers").part(kms, "kms");
        if (database) anchor.part(*database, "database");
        return Part<Monitoring>{build_monitoring(*stack, *snapshot, providers.value, kms.value, value_of(database)),
                                anchor.anchor};
      },
      py::arg("stack"), py::arg("spec"), py::arg("providers"), py::arg("kms"), py::arg("database"),
      "SNS alarm topics, CloudWatch alarms and RDS event subscriptions; database None (migration.phase copy): only "
      "the topics.");

  m.def(
      "build_failover",
      [](const std::shared_ptr<Stack>& stack, const HaStackSpec& spec, const Part<Providers>& providers,
         const Part<RegionNetwork>& primary, const std::optional<Part<RegionNetwork>>& dr,
         const Part<Database>& database, const Part<Monitoring>& monitoring, const Part<IamRoles>& iam) {
        std::shared_ptr<const HaStackSpec> snapshot;
        AnchorBuilder anchor(stack);
        anchor.spec(spec, &snapshot).part(providers, "providers").part(primary, "primary");
        if (dr) anchor.part(*dr, "dr");
        anchor.part(database, "database").part(monitoring, "monitoring").part(iam, "iam");
        return Part<Failover>{build_failover(*stack, *snapshot, providers.value, primary.value, value_of(dr),
                                             database.value, monitoring.value, iam.value),
                              anchor.anchor};
      },
      py::arg("stack"), py::arg("spec"), py::arg("providers"), py::arg("primary"), py::arg("dr"), py::arg("database"),
      py::arg("monitoring"), py::arg("iam"),
      "Route 53 private zone with writer/reader records, the region-loss automation document and the optional "
      "automatic trigger (spec.failover).");
}

}  // namespace

void bind_stack(py::module_& m) {
  bind_regions(m);
  bind_region_results(m);
  bind_database_results(m);
  bind_ha_stack_class(m);
  bind_stack_builders(m);
  bind_region_modules(m);
  bind_access_modules(m);
  bind_database_modules(m);
}

}  // namespace rdha::python
