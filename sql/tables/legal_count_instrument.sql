create table legal_count_instrument (
    count_id varchar not null,
    instrument_id varchar not null,
    primary key (count_id, instrument_id)
);
