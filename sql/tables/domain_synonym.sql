create table domain_synonym (
    domain_id varchar not null,
    language varchar not null,
    term varchar not null,
    term_key varchar not null,
    primary key (language, term_key)
);
