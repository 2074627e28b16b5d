package dev.incidentmonitor.streams.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;

/**
 * The report as JSON: {@code {"services":[{"provider":..,"service":..,"incidents":..,"p_i_hours":..,...,
 * "samples":{"p_i":..,...}}],"status_combinations":{"S1-S3-S4":..}}}. Figures are unrounded doubles (the topology's
 * milliseconds divided by the unit) and {@code null} where undefined, so a script can recompute anything from them.
 * Provider rows are not part of it: the issue fixed this shape, and a provider section can be added as one more
 * top-level field when someone needs it.
 */
final class JsonReport {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private JsonReport() {}

    static void write(final DatasetReport report, final Writer out) throws IOException {
        final ObjectNode root = MAPPER.createObjectNode();
        final ArrayNode services = root.putArray("services");
        for (final ServiceReport row : report.services()) {
            final ObjectNode node = service(row);
            if (!report.availability().isEmpty()) {
                availability(node, report.availabilityOf(row));
            }
            services.add(node);
        }
        final ObjectNode combinations = root.putObject("status_combinations");
        for (final Map.Entry<String, Integer> e : report.statusCombinations().entrySet()) {
            combinations.put(e.getKey(), e.getValue());
        }
        if (!report.availability().isEmpty()) {
            final ObjectNode cooccurrence = root.putObject("cooccurrence");
            report.cooccurrence().forEach(cooccurrence::put);
        }
        MAPPER.writeValue(out, root);
        out.write(System.lineSeparator());
        out.flush();
    }

    /** The availability keys of a service; null values when the service published no day. */
    private static void availability(final ObjectNode node, final AvailabilityReport a) {
        put(node, "outage_days_total", a == null ? null : a.outageDaysTotal());
        put(node, "major_days", a == null ? null : a.majorDays());
        put(node, "partial_days", a == null ? null : a.partialDays());
        put(node, "outage_minutes", a == null ? null : a.outageMinutes());
        put(node, "scaled_minutes", a == null ? null : a.scaledMinutes());
        put(node, "incident_days", a == null ? null : a.incidentDays());
        put(node, "availability_mean", a == null ? null : a.availabilityMean());
        put(node, "days_100_pct", a == null ? null : a.days100Pct());
        put(node, "days_999_pct", a == null ? null : a.days999Pct());
        put(node, "days_99_pct", a == null ? null : a.days99Pct());
    }

    private static void put(final ObjectNode node, final String name, final Number value) {
        if (value == null) {
            node.putNull(name);
        } else if (value instanceof Integer i) {
            node.put(name, i.intValue());
        } else {
            node.put(name, value.doubleValue());
        }
    }

    private static ObjectNode service(final ServiceReport row) {
        final ObjectNode node = MAPPER.createObjectNode();
        node.put("provider", row.provider());
        node.put("service", row.service());
        node.put("incidents", row.incidents());
        for (final ReportColumn column : ReportColumns.SERVICE) {
            final Double value = column.value(row);
            if (value == null) {
                node.putNull(column.jsonName());
            } else {
                node.put(column.jsonName(), value.doubleValue());
            }
        }
        final ObjectNode samples = node.putObject("samples");
        for (final ReportColumn column : ReportColumns.SERVICE) {
            if (column.hasSamples()) {
                samples.put(column.samplesName(), column.samples().applyAsInt(row));
            }
        }
        return node;
    }
}
