create table domain (
    domain_id varchar primary key,
    group_id varchar not null,
    label_vi varchar not null,
    label_en varchar not null,
    description_en varchar
);
