/**
 * Column names and types of the system catalogs, as PostgreSQL 15 declares them (taken from a PG 15
 * cluster's pg_attribute; information_schema domains appear as their base types, as clients see them).
 */
import { T, arrayOf } from '@heliosdb/types';
import { type SqlType, systemType } from '../analyzer/sql-type.js';

const S = {
  oid: systemType('oid'),
  name: systemType('name'),
  char: systemType('char'),
  charArray: systemType('char', true),
  aclitemArray: systemType('aclitem', true),
  int2vector: systemType('int2vector'),
  oidvector: systemType('oidvector'),
  oidArray: systemType('oid', true),
  nodeTree: systemType('pg_node_tree'),
  regproc: systemType('regproc'),
  regtype: systemType('regtype'),
  xid: systemType('xid'),
};
const I2A = arrayOf(T.int2);
const TXA = arrayOf(T.text);

export type ColumnList = readonly (readonly [name: string, type: SqlType])[];

export const CATALOG_COLUMNS: Readonly<Record<string, ColumnList>> = {
  'pg_namespace': [
    ['oid', S.oid], ['nspname', S.name], ['nspowner', S.oid], ['nspacl', S.aclitemArray],
  ],
  'pg_class': [
    ['oid', S.oid], ['relname', S.name], ['relnamespace', S.oid], ['reltype', S.oid], ['reloftype', S.oid],
    ['relowner', S.oid], ['relam', S.oid], ['relfilenode', S.oid], ['reltablespace', S.oid],
    ['relpages', T.int4], ['reltuples', T.float4], ['relallvisible', T.int4], ['reltoastrelid', S.oid],
    ['relhasindex', T.bool], ['relisshared', T.bool], ['relpersistence', S.char], ['relkind', S.char],
    ['relnatts', T.int2], ['relchecks', T.int2], ['relhasrules', T.bool], ['relhastriggers', T.bool],
    ['relhassubclass', T.bool], ['relrowsecurity', T.bool], ['relforcerowsecurity', T.bool],
    ['relispopulated', T.bool], ['relreplident', S.char], ['relispartition', T.bool], ['relrewrite', S.oid],
    ['relfrozenxid', S.xid], ['relminmxid', S.xid], ['relacl', S.aclitemArray], ['reloptions', TXA],
    ['relpartbound', S.nodeTree],
  ],
  'pg_attribute': [
    ['attrelid', S.oid], ['attname', S.name], ['atttypid', S.oid], ['attstattarget', T.int4],
    ['attlen', T.int2], ['attnum', T.int2], ['attndims', T.int4], ['attcacheoff', T.int4],
    ['atttypmod', T.int4], ['attbyval', T.bool], ['attalign', S.char], ['attstorage', S.char],
    ['attcompression', S.char], ['attnotnull', T.bool], ['atthasdef', T.bool], ['atthasmissing', T.bool],
    ['attidentity', S.char], ['attgenerated', S.char], ['attisdropped', T.bool], ['attislocal', T.bool],
    ['attinhcount', T.int4], ['attcollation', S.oid], ['attacl', S.aclitemArray], ['attoptions', TXA],
    ['attfdwoptions', TXA], ['attmissingval', T.text],
  ],
  'pg_type': [
    ['oid', S.oid], ['typname', S.name], ['typnamespace', S.oid], ['typowner', S.oid], ['typlen', T.int2],
    ['typbyval', T.bool], ['typtype', S.char], ['typcategory', S.char], ['typispreferred', T.bool],
    ['typisdefined', T.bool], ['typdelim', S.char], ['typrelid', S.oid], ['typsubscript', S.regproc],
    ['typelem', S.oid], ['typarray', S.oid], ['typinput', S.regproc], ['typoutput', S.regproc],
    ['typreceive', S.regproc], ['typsend', S.regproc], ['typmodin', S.regproc], ['typmodout', S.regproc],
    ['typanalyze', S.regproc], ['typalign', S.char], ['typstorage', S.char], ['typnotnull', T.bool],
    ['typbasetype', S.oid], ['typtypmod', T.int4], ['typndims', T.int4], ['typcollation', S.oid],
    ['typdefaultbin', S.nodeTree], ['typdefault', T.text], ['typacl', S.aclitemArray],
  ],
  'pg_index': [
    ['indexrelid', S.oid], ['indrelid', S.oid], ['indnatts', T.int2], ['indnkeyatts', T.int2],
    ['indisunique', T.bool], ['indnullsnotdistinct', T.bool], ['indisprimary', T.bool],
    ['indisexclusion', T.bool], ['indimmediate', T.bool], ['indisclustered', T.bool], ['indisvalid', T.bool],
    ['indcheckxmin', T.bool], ['indisready', T.bool], ['indislive', T.bool], ['indisreplident', T.bool],
    ['indkey', S.int2vector], ['indcollation', S.oidvector], ['indclass', S.oidvector],
    ['indoption', S.int2vector], ['indexprs', S.nodeTree], ['indpred', S.nodeTree],
  ],
  'pg_tables': [
    ['schemaname', S.name], ['tablename', S.name], ['tableowner', S.name], ['tablespace', S.name],
    ['hasindexes', T.bool], ['hasrules', T.bool], ['hastriggers', T.bool], ['rowsecurity', T.bool],
  ],
  'pg_views': [
    ['schemaname', S.name], ['viewname', S.name], ['viewowner', S.name], ['definition', T.text],
  ],
  'pg_database': [
    ['oid', S.oid], ['datname', S.name], ['datdba', S.oid], ['encoding', T.int4], ['datlocprovider', S.char],
    ['datistemplate', T.bool], ['datallowconn', T.bool], ['datconnlimit', T.int4], ['datfrozenxid', S.xid],
    ['datminmxid', S.xid], ['dattablespace', S.oid], ['datcollate', T.text], ['datctype', T.text],
    ['daticulocale', T.text], ['datcollversion', T.text], ['datacl', S.aclitemArray],
  ],
  'pg_settings': [
    ['name', T.text], ['setting', T.text], ['unit', T.text], ['category', T.text], ['short_desc', T.text],
    ['extra_desc', T.text], ['context', T.text], ['vartype', T.text], ['source', T.text], ['min_val', T.text],
    ['max_val', T.text], ['enumvals', TXA], ['boot_val', T.text], ['reset_val', T.text],
    ['sourcefile', T.text], ['sourceline', T.int4], ['pending_restart', T.bool],
  ],
  'pg_constraint': [
    ['oid', S.oid], ['conname', S.name], ['connamespace', S.oid], ['contype', S.char],
    ['condeferrable', T.bool], ['condeferred', T.bool], ['convalidated', T.bool], ['conrelid', S.oid],
    ['contypid', S.oid], ['conindid', S.oid], ['conparentid', S.oid], ['confrelid', S.oid],
    ['confupdtype', S.char], ['confdeltype', S.char], ['confmatchtype', S.char], ['conislocal', T.bool],
    ['coninhcount', T.int4], ['connoinherit', T.bool], ['conkey', I2A], ['confkey', I2A],
    ['conpfeqop', S.oidArray], ['conppeqop', S.oidArray], ['conffeqop', S.oidArray], ['confdelsetcols', I2A],
    ['conexclop', S.oidArray], ['conbin', S.nodeTree],
  ],
  'pg_attrdef': [
    ['oid', S.oid], ['adrelid', S.oid], ['adnum', T.int2], ['adbin', S.nodeTree],
  ],
  'pg_proc': [
    ['oid', S.oid], ['proname', S.name], ['pronamespace', S.oid], ['proowner', S.oid], ['prolang', S.oid],
    ['procost', T.float4], ['prorows', T.float4], ['provariadic', S.oid], ['prosupport', S.regproc],
    ['prokind', S.char], ['prosecdef', T.bool], ['proleakproof', T.bool], ['proisstrict', T.bool],
    ['proretset', T.bool], ['provolatile', S.char], ['proparallel', S.char], ['pronargs', T.int2],
    ['pronargdefaults', T.int2], ['prorettype', S.oid], ['proargtypes', S.oidvector],
    ['proallargtypes', S.oidArray], ['proargmodes', S.charArray], ['proargnames', TXA],
    ['proargdefaults', S.nodeTree], ['protrftypes', S.oidArray], ['prosrc', T.text], ['probin', T.text],
    ['prosqlbody', S.nodeTree], ['proconfig', TXA], ['proacl', S.aclitemArray],
  ],
  'pg_am': [
    ['oid', S.oid], ['amname', S.name], ['amhandler', S.regproc], ['amtype', S.char],
  ],
  'pg_description': [
    ['objoid', S.oid], ['classoid', S.oid], ['objsubid', T.int4], ['description', T.text],
  ],
  'pg_roles': [
    ['rolname', S.name], ['rolsuper', T.bool], ['rolinherit', T.bool], ['rolcreaterole', T.bool],
    ['rolcreatedb', T.bool], ['rolcanlogin', T.bool], ['rolreplication', T.bool], ['rolconnlimit', T.int4],
    ['rolpassword', T.text], ['rolvaliduntil', T.timestamptz], ['rolbypassrls', T.bool], ['rolconfig', TXA],
    ['oid', S.oid],
  ],
  'pg_user': [
    ['usename', S.name], ['usesysid', S.oid], ['usecreatedb', T.bool], ['usesuper', T.bool],
    ['userepl', T.bool], ['usebypassrls', T.bool], ['passwd', T.text], ['valuntil', T.timestamptz],
    ['useconfig', TXA],
  ],
  'pg_sequence': [
    ['seqrelid', S.oid], ['seqtypid', S.oid], ['seqstart', T.int8], ['seqincrement', T.int8],
    ['seqmax', T.int8], ['seqmin', T.int8], ['seqcache', T.int8], ['seqcycle', T.bool],
  ],
  'pg_sequences': [
    ['schemaname', S.name], ['sequencename', S.name], ['sequenceowner', S.name], ['data_type', S.regtype],
    ['start_value', T.int8], ['min_value', T.int8], ['max_value', T.int8], ['increment_by', T.int8],
    ['cycle', T.bool], ['cache_size', T.int8], ['last_value', T.int8],
  ],
  'pg_collation': [
    ['oid', S.oid], ['collname', S.name], ['collnamespace', S.oid], ['collowner', S.oid],
    ['collprovider', S.char], ['collisdeterministic', T.bool], ['collencoding', T.int4],
    ['collcollate', T.text], ['collctype', T.text], ['colliculocale', T.text], ['collversion', T.text],
  ],
  'pg_inherits': [
    ['inhrelid', S.oid], ['inhparent', S.oid], ['inhseqno', T.int4], ['inhdetachpending', T.bool],
  ],
  'pg_trigger': [
    ['oid', S.oid], ['tgrelid', S.oid], ['tgparentid', S.oid], ['tgname', S.name], ['tgfoid', S.oid],
    ['tgtype', T.int2], ['tgenabled', S.char], ['tgisinternal', T.bool], ['tgconstrrelid', S.oid],
    ['tgconstrindid', S.oid], ['tgconstraint', S.oid], ['tgdeferrable', T.bool], ['tginitdeferred', T.bool],
    ['tgnargs', T.int2], ['tgattr', S.int2vector], ['tgargs', T.bytea], ['tgqual', S.nodeTree],
    ['tgoldtable', S.name], ['tgnewtable', S.name],
  ],
  'pg_policy': [
    ['oid', S.oid], ['polname', S.name], ['polrelid', S.oid], ['polcmd', S.char], ['polpermissive', T.bool],
    ['polroles', S.oidArray], ['polqual', S.nodeTree], ['polwithcheck', S.nodeTree],
  ],
  'pg_statistic_ext': [
    ['oid', S.oid], ['stxrelid', S.oid], ['stxname', S.name], ['stxnamespace', S.oid], ['stxowner', S.oid],
    ['stxstattarget', T.int4], ['stxkeys', S.int2vector], ['stxkind', S.charArray], ['stxexprs', S.nodeTree],
  ],
  'pg_publication': [
    ['oid', S.oid], ['pubname', S.name], ['pubowner', S.oid], ['puballtables', T.bool], ['pubinsert', T.bool],
    ['pubupdate', T.bool], ['pubdelete', T.bool], ['pubtruncate', T.bool], ['pubviaroot', T.bool],
  ],
  'pg_publication_rel': [
    ['oid', S.oid], ['prpubid', S.oid], ['prrelid', S.oid], ['prqual', S.nodeTree], ['prattrs', S.int2vector],
  ],
  'pg_publication_namespace': [
    ['oid', S.oid], ['pnpubid', S.oid], ['pnnspid', S.oid],
  ],
  'pg_rewrite': [
    ['oid', S.oid], ['rulename', S.name], ['ev_class', S.oid], ['ev_type', S.char], ['ev_enabled', S.char],
    ['is_instead', T.bool], ['ev_qual', S.nodeTree], ['ev_action', S.nodeTree],
  ],
  'pg_partitioned_table': [
    ['partrelid', S.oid], ['partstrat', S.char], ['partnatts', T.int2], ['partdefid', S.oid],
    ['partattrs', S.int2vector], ['partclass', S.oidvector], ['partcollation', S.oidvector],
    ['partexprs', S.nodeTree],
  ],
  'pg_foreign_table': [
    ['ftrelid', S.oid], ['ftserver', S.oid], ['ftoptions', TXA],
  ],
  'pg_tablespace': [
    ['oid', S.oid], ['spcname', S.name], ['spcowner', S.oid], ['spcacl', S.aclitemArray], ['spcoptions', TXA],
  ],
  'pg_authid': [
    ['oid', S.oid], ['rolname', S.name], ['rolsuper', T.bool], ['rolinherit', T.bool],
    ['rolcreaterole', T.bool], ['rolcreatedb', T.bool], ['rolcanlogin', T.bool], ['rolreplication', T.bool],
    ['rolbypassrls', T.bool], ['rolconnlimit', T.int4], ['rolpassword', T.text],
    ['rolvaliduntil', T.timestamptz],
  ],
  'pg_indexes': [
    ['schemaname', S.name], ['tablename', S.name], ['indexname', S.name], ['tablespace', S.name],
    ['indexdef', T.text],
  ],
  'pg_enum': [
    ['oid', S.oid], ['enumtypid', S.oid], ['enumsortorder', T.float4], ['enumlabel', S.name],
  ],
  'pg_extension': [
    ['oid', S.oid], ['extname', S.name], ['extowner', S.oid], ['extnamespace', S.oid],
    ['extrelocatable', T.bool], ['extversion', T.text], ['extconfig', S.oidArray], ['extcondition', TXA],
  ],
  'pg_range': [
    ['rngtypid', S.oid], ['rngsubtype', S.oid], ['rngmultitypid', S.oid], ['rngcollation', S.oid],
    ['rngsubopc', S.oid], ['rngcanonical', S.regproc], ['rngsubdiff', S.regproc],
  ],
  'pg_operator': [
    ['oid', S.oid], ['oprname', S.name], ['oprnamespace', S.oid], ['oprowner', S.oid], ['oprkind', S.char],
    ['oprcanmerge', T.bool], ['oprcanhash', T.bool], ['oprleft', S.oid], ['oprright', S.oid],
    ['oprresult', S.oid], ['oprcom', S.oid], ['oprnegate', S.oid], ['oprcode', S.regproc],
    ['oprrest', S.regproc], ['oprjoin', S.regproc],
  ],
  'pg_matviews': [
    ['schemaname', S.name], ['matviewname', S.name], ['matviewowner', S.name], ['tablespace', S.name],
    ['hasindexes', T.bool], ['ispopulated', T.bool], ['definition', T.text],
  ],
  'pg_depend': [
    ['classid', S.oid], ['objid', S.oid], ['objsubid', T.int4], ['refclassid', S.oid], ['refobjid', S.oid],
    ['refobjsubid', T.int4], ['deptype', S.char],
  ],
  'pg_shdescription': [
    ['objoid', S.oid], ['classoid', S.oid], ['description', T.text],
  ],
  'pg_foreign_server': [
    ['oid', S.oid], ['srvname', S.name], ['srvowner', S.oid], ['srvfdw', S.oid], ['srvtype', T.text],
    ['srvversion', T.text], ['srvacl', S.aclitemArray], ['srvoptions', TXA],
  ],
  'pg_foreign_data_wrapper': [
    ['oid', S.oid], ['fdwname', S.name], ['fdwowner', S.oid], ['fdwhandler', S.oid], ['fdwvalidator', S.oid],
    ['fdwacl', S.aclitemArray], ['fdwoptions', TXA],
  ],
  'pg_event_trigger': [
    ['oid', S.oid], ['evtname', S.name], ['evtevent', S.name], ['evtowner', S.oid], ['evtfoid', S.oid],
    ['evtenabled', S.char], ['evttags', TXA],
  ],
  'pg_language': [
    ['oid', S.oid], ['lanname', S.name], ['lanowner', S.oid], ['lanispl', T.bool], ['lanpltrusted', T.bool],
    ['lanplcallfoid', S.oid], ['laninline', S.oid], ['lanvalidator', S.oid], ['lanacl', S.aclitemArray],
  ],
  'pg_auth_members': [
    ['roleid', S.oid], ['member', S.oid], ['grantor', S.oid], ['admin_option', T.bool],
  ],
  'pg_opclass': [
    ['oid', S.oid], ['opcmethod', S.oid], ['opcname', S.name], ['opcnamespace', S.oid], ['opcowner', S.oid],
    ['opcfamily', S.oid], ['opcintype', S.oid], ['opcdefault', T.bool], ['opckeytype', S.oid],
  ],
  'pg_cast': [
    ['oid', S.oid], ['castsource', S.oid], ['casttarget', S.oid], ['castfunc', S.oid],
    ['castcontext', S.char], ['castmethod', S.char],
  ],
  'information_schema.tables': [
    ['table_catalog', S.name], ['table_schema', S.name], ['table_name', S.name], ['table_type', T.varchar()],
    ['self_referencing_column_name', S.name], ['reference_generation', T.varchar()],
    ['user_defined_type_catalog', S.name], ['user_defined_type_schema', S.name],
    ['user_defined_type_name', S.name], ['is_insertable_into', T.varchar(3)], ['is_typed', T.varchar(3)],
    ['commit_action', T.varchar()],
  ],
  'information_schema.columns': [
    ['table_catalog', S.name], ['table_schema', S.name], ['table_name', S.name], ['column_name', S.name],
    ['ordinal_position', T.int4], ['column_default', T.varchar()], ['is_nullable', T.varchar(3)],
    ['data_type', T.varchar()], ['character_maximum_length', T.int4], ['character_octet_length', T.int4],
    ['numeric_precision', T.int4], ['numeric_precision_radix', T.int4], ['numeric_scale', T.int4],
    ['datetime_precision', T.int4], ['interval_type', T.varchar()], ['interval_precision', T.int4],
    ['character_set_catalog', S.name], ['character_set_schema', S.name], ['character_set_name', S.name],
    ['collation_catalog', S.name], ['collation_schema', S.name], ['collation_name', S.name],
    ['domain_catalog', S.name], ['domain_schema', S.name], ['domain_name', S.name], ['udt_catalog', S.name],
    ['udt_schema', S.name], ['udt_name', S.name], ['scope_catalog', S.name], ['scope_schema', S.name],
    ['scope_name', S.name], ['maximum_cardinality', T.int4], ['dtd_identifier', S.name],
    ['is_self_referencing', T.varchar(3)], ['is_identity', T.varchar(3)],
    ['identity_generation', T.varchar()], ['identity_start', T.varchar()],
    ['identity_increment', T.varchar()], ['identity_maximum', T.varchar()], ['identity_minimum', T.varchar()],
    ['identity_cycle', T.varchar(3)], ['is_generated', T.varchar()], ['generation_expression', T.varchar()],
    ['is_updatable', T.varchar(3)],
  ],
  'information_schema.schemata': [
    ['catalog_name', S.name], ['schema_name', S.name], ['schema_owner', S.name],
    ['default_character_set_catalog', S.name], ['default_character_set_schema', S.name],
    ['default_character_set_name', S.name], ['sql_path', T.varchar()],
  ],
  'information_schema.table_constraints': [
    ['constraint_catalog', S.name], ['constraint_schema', S.name], ['constraint_name', S.name],
    ['table_catalog', S.name], ['table_schema', S.name], ['table_name', S.name],
    ['constraint_type', T.varchar()], ['is_deferrable', T.varchar(3)], ['initially_deferred', T.varchar(3)],
    ['enforced', T.varchar(3)], ['nulls_distinct', T.varchar(3)],
  ],
  'information_schema.key_column_usage': [
    ['constraint_catalog', S.name], ['constraint_schema', S.name], ['constraint_name', S.name],
    ['table_catalog', S.name], ['table_schema', S.name], ['table_name', S.name], ['column_name', S.name],
    ['ordinal_position', T.int4], ['position_in_unique_constraint', T.int4],
  ],
  'information_schema.views': [
    ['table_catalog', S.name], ['table_schema', S.name], ['table_name', S.name],
    ['view_definition', T.varchar()], ['check_option', T.varchar()], ['is_updatable', T.varchar(3)],
    ['is_insertable_into', T.varchar(3)], ['is_trigger_updatable', T.varchar(3)],
    ['is_trigger_deletable', T.varchar(3)], ['is_trigger_insertable_into', T.varchar(3)],
  ],
  'information_schema.sequences': [
    ['sequence_catalog', S.name], ['sequence_schema', S.name], ['sequence_name', S.name],
    ['data_type', T.varchar()], ['numeric_precision', T.int4], ['numeric_precision_radix', T.int4],
    ['numeric_scale', T.int4], ['start_value', T.varchar()], ['minimum_value', T.varchar()],
    ['maximum_value', T.varchar()], ['increment', T.varchar()], ['cycle_option', T.varchar(3)],
  ],
  'information_schema.referential_constraints': [
    ['constraint_catalog', S.name], ['constraint_schema', S.name], ['constraint_name', S.name],
    ['unique_constraint_catalog', S.name], ['unique_constraint_schema', S.name],
    ['unique_constraint_name', S.name], ['match_option', T.varchar()], ['update_rule', T.varchar()],
    ['delete_rule', T.varchar()],
  ],
  'information_schema.constraint_column_usage': [
    ['table_catalog', S.name], ['table_schema', S.name], ['table_name', S.name], ['column_name', S.name],
    ['constraint_catalog', S.name], ['constraint_schema', S.name], ['constraint_name', S.name],
  ],
  'information_schema.check_constraints': [
    ['constraint_catalog', S.name], ['constraint_schema', S.name], ['constraint_name', S.name],
    ['check_clause', T.varchar()],
  ],
};
