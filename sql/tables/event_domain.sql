create table event_domain (
    event_id varchar not null,
    domain_id varchar not null,
    primary key (event_id, domain_id)
);
