COPY "My Schema"."a""b" ("select", "Ü") FROM STDIN
