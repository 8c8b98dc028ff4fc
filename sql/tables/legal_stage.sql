create table legal_stage (
    instrument_id varchar not null,
    stage varchar not null,
    stage_rank integer not null,
    planned boolean not null,
    date_text varchar,
    date_precision varchar not null,
    date_start date,
    date_end date,
    date_inferred boolean not null,
    date_note varchar,
    votes_for integer,
    votes_present integer,
    primary key (instrument_id, stage)
);
