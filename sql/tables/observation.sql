create table observation (
    observation_id varchar primary key,
    indicator_id varchar not null,
    geo varchar not null,
    period_text varchar not null,
    period_precision varchar not null,
    period_start date not null,
    period_end date not null,
    period_mid date not null,
    value double not null,
    value_high double,
    unit varchar not null,
    measure varchar not null,
    measure_note varchar,
    source_id varchar not null,
    confidence varchar not null,
    confidence_rank integer not null
);
