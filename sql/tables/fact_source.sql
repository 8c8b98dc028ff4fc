create table fact_source (
    fact_type varchar not null,
    fact_id varchar not null,
    source_id varchar not null,
    primary key (fact_type, fact_id, source_id)
);
