create table legal_instrument (
    instrument_id varchar primary key,
    jurisdiction varchar not null,
    kind varchar not null,
    number varchar,
    title_vi varchar not null,
    title_en varchar not null,
    issuer_id varchar,
    effective_text varchar,
    effective_precision varchar not null,
    effective_start date,
    effective_end date,
    note_en varchar,
    note_vi varchar
);
