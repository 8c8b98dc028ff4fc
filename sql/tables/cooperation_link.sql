create table cooperation_link (
    link_id varchar primary key,
    record_id varchar not null,
    partner_id varchar not null,
    domain_id varchar not null,
    status varchar not null,
    status_rank integer not null,
    vn_actor_id varchar not null,
    event_id varchar,
    date_text varchar,
    date_precision varchar not null,
    date_start date,
    date_end date,
    date_inferred boolean not null,
    date_note varchar,
    note_en varchar not null,
    note_vi varchar not null
);
