create table etl_run_input (
    run_id varchar not null,
    file_name varchar not null,
    sha256 varchar not null,
    size_bytes bigint not null,
    primary key (run_id, file_name)
);
