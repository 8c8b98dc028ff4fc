-- Every column of the warehouse's tables and views: position, type and comment.
select
    c.table_name as object_name,
    c.column_index,
    c.column_name,
    c.data_type,
    c.comment as description
from duckdb_columns() as c
where
    c.database_name = current_database()
    and c.schema_name = 'main'
    and not c.internal
order by c.table_name asc, c.column_index asc
