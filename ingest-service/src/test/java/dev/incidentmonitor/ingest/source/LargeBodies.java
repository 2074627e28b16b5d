package dev.incidentmonitor.ingest.source;

/** Builds large, realistic bodies for the parse-time test without storing them. */
final class LargeBodies {
    private LargeBodies() {}

    /** An {@code incidents.json} of at least {@code minChars}, incidents shaped like Anthropic's (4 updates, 4 components). */
    static String statuspageIncidents(int minChars) {
        StringBuilder out = new StringBuilder(minChars + 4096)
                .append("{\"page\":{\"id\":\"p\",\"time_zone\":\"Etc/UTC\"},\"incidents\":[");
        int n = 0;
        while (out.length() < minChars) {
            if (n > 0) {
                out.append(',');
            }
            out.append("{\"id\":\"inc")
                    .append(n)
                    .append("\",\"name\":\"Elevated errors ")
                    .append(n)
                    .append(
                            "\",\"status\":\"resolved\",\"impact\":\"major\",\"created_at\":\"2026-09-15T09:48:23.229Z\",")
                    .append(
                            "\"updated_at\":\"2026-09-15T11:14:44.380Z\",\"shortlink\":\"https://stspg.io/x\",\"components\":[");
            for (int c = 0; c < 4; c++) {
                out.append(c == 0 ? "" : ",")
                        .append("{\"id\":\"cmp")
                        .append(c)
                        .append("\",\"name\":\"Component ")
                        .append(c)
                        .append("\",\"status\":\"operational\",\"group\":false,\"group_id\":null}");
            }
            out.append("],\"incident_updates\":[");
            String[] statuses = {"resolved", "monitoring", "identified", "investigating"};
            for (int u = 0; u < statuses.length; u++) {
                out.append(u == 0 ? "" : ",")
                        .append("{\"id\":\"upd")
                        .append(n)
                        .append('-')
                        .append(u)
                        .append("\",\"status\":\"")
                        .append(statuses[u])
                        .append("\",\"body\":\"We are working on it; more updates to follow as we learn more.\",")
                        .append(
                                "\"created_at\":\"2026-09-15T10:50:26.391Z\",\"display_at\":\"2026-09-15T10:50:26.391Z\",")
                        .append("\"affected_components\":[");
                for (int c = 0; c < 4; c++) {
                    out.append(c == 0 ? "" : ",")
                            .append("{\"code\":\"cmp")
                            .append(c)
                            .append("\",\"name\":\"Component ")
                            .append(c)
                            .append("\",\"old_status\":\"partial_outage\",\"new_status\":\"operational\"}");
                }
                out.append("]}");
            }
            out.append("]}");
            n++;
        }
        return out.append("]}").toString();
    }

    static int incidentCount(String body) {
        int count = 0;
        for (int i = body.indexOf("{\"id\":\"inc"); i >= 0; i = body.indexOf("{\"id\":\"inc", i + 1)) {
            count++;
        }
        return count;
    }
}
