create table etl_run_table (
    run_id varchar not null,
    table_name varchar not null,
    row_count bigint not null,
    primary key (run_id, table_name)
);
