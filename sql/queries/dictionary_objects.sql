-- Every table and view of the warehouse with its comment, for the data dictionary.
select
    t.table_name as object_name,
    'table' as object_kind,
    t.comment as description,
    t.column_count as n_columns
from duckdb_tables() as t
where
    t.database_name = current_database()
    and t.schema_name = 'main'
    and not t.internal
    and not t.temporary
union all
select
    v.view_name as object_name,
    'view' as object_kind,
    v.comment as description,
    v.column_count as n_columns
from duckdb_views() as v
where
    v.database_name = current_database()
    and v.schema_name = 'main'
    and not v.internal
    and not v.temporary
order by object_kind desc, object_name asc
