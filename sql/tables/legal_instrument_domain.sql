create table legal_instrument_domain (
    instrument_id varchar not null,
    domain_id varchar not null,
    primary key (instrument_id, domain_id)
);
