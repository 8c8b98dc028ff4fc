create table partner (
    partner_id varchar primary key,
    kind varchar not null,
    side varchar not null,
    geo varchar,
    parent_partner_id varchar,
    name_vi varchar not null,
    name_en varchar not null,
    note_en varchar,
    note_vi varchar
);
