create table etl_run (
    run_id varchar primary key,
    started_at timestamp not null,
    finished_at timestamp,
    status varchar not null,
    error varchar,
    inputs_sha256 varchar,
    snapshot varchar
);
