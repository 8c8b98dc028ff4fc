create table event_partner (
    event_id varchar not null,
    partner_id varchar not null,
    role varchar not null,
    primary key (event_id, partner_id, role)
);
