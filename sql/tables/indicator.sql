create table indicator (
    indicator_id varchar primary key,
    label_vi varchar not null,
    label_en varchar not null,
    unit varchar not null,
    decimals integer not null,
    direction varchar not null,
    description_en varchar not null,
    description_vi varchar not null
);
