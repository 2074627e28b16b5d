package dev.incidentmonitor.ingest.events;

import static dev.incidentmonitor.ingest.events.TestData.at;
import static dev.incidentmonitor.ingest.events.TestData.change;
import static dev.incidentmonitor.schema.ComponentStatus.MAJOR_OUTAGE;
import static dev.incidentmonitor.schema.ComponentStatus.OPERATIONAL;
import static dev.incidentmonitor.schema.ComponentStatus.PARTIAL_OUTAGE;
import static dev.incidentmonitor.schema.IncidentStatus.IDENTIFIED;
import static dev.incidentmonitor.schema.IncidentStatus.INVESTIGATING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.ingest.model.ComponentChange;
import dev.incidentmonitor.ingest.model.UpdateSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentHashTest {

    private static UpdateSnapshot update(final String body, final String displayAt, final ComponentChange... c) {
        return new UpdateSnapshot("u1", INVESTIGATING, body, at(displayAt), null, List.of(c));
    }

    /** The documented canonical form, written independently: length-prefixed UTF-8 fields. */
    private static String documentedHash(final String... fields) throws IOException, NoSuchAlgorithmException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (final String field : fields) {
                final byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
    }

    @Test
    void shouldHashTheDocumentedCanonicalFormWhenGivenAnUpdate() throws Exception {
        final UpdateSnapshot u = update(
                "Déjà vu: errors again.",
                "2024-06-04T07:10:00.123456Z",
                change("chatgpt", "ChatGPT", null, MAJOR_OUTAGE),
                change("api", "API", OPERATIONAL, PARTIAL_OUTAGE));

        final String hash = ContentHash.of(u);

        assertThat(hash)
                .hasSize(64)
                .isEqualTo(documentedHash(
                        "incident-update/v1",
                        "INVESTIGATING",
                        "Déjà vu: errors again.",
                        "1717485000123",
                        "2",
                        "api",
                        "OPERATIONAL",
                        "PARTIAL_OUTAGE",
                        "chatgpt",
                        "",
                        "MAJOR_OUTAGE"));
    }

    @Test
    void shouldGiveTheSameHashWhenOnlyNamesOrComponentOrderOrSubMillisecondsDiffer() {
        final UpdateSnapshot u = update(
                "Errors.",
                "2024-06-04T07:10:00Z",
                change("api", "API", OPERATIONAL, PARTIAL_OUTAGE),
                change("chatgpt", "ChatGPT", OPERATIONAL, MAJOR_OUTAGE));

        assertThat(ContentHash.of(update(
                        "Errors.",
                        "2024-06-04T07:10:00.000999Z",
                        change("chatgpt", "ChatGPT (web)", OPERATIONAL, MAJOR_OUTAGE),
                        change("api", "OpenAI API", OPERATIONAL, PARTIAL_OUTAGE))))
                .isEqualTo(ContentHash.of(u));
        assertThat(ContentHash.of(new UpdateSnapshot(
                        "other-id",
                        INVESTIGATING,
                        "Errors.",
                        at("2024-06-04T07:10:00Z"),
                        at("2020-01-01T00:00:00Z"),
                        u.components())))
                .as("the update id and created_at are not content")
                .isEqualTo(ContentHash.of(u));
    }

    @Test
    void shouldGiveAnotherHashWhenStatusBodyTimeOrAComponentTransitionDiffers() {
        final UpdateSnapshot u =
                update("Errors.", "2024-06-04T07:10:00Z", change("api", "API", OPERATIONAL, PARTIAL_OUTAGE));
        final String hash = ContentHash.of(u);

        assertThat(List.of(
                        new UpdateSnapshot("u1", IDENTIFIED, "Errors.", u.displayAt(), null, u.components()),
                        update("Errors. ", "2024-06-04T07:10:00Z", change("api", "API", OPERATIONAL, PARTIAL_OUTAGE)),
                        update(
                                "Errors.",
                                "2024-06-04T07:10:00.001Z",
                                change("api", "API", OPERATIONAL, PARTIAL_OUTAGE)),
                        update("Errors.", "2024-06-04T07:10:00Z", change("api", "API", null, PARTIAL_OUTAGE)),
                        update("Errors.", "2024-06-04T07:10:00Z", change("api", "API", OPERATIONAL, MAJOR_OUTAGE)),
                        update("Errors.", "2024-06-04T07:10:00Z", change("api", "API", OPERATIONAL, null)),
                        update("Errors.", "2024-06-04T07:10:00Z", change("api2", "API", OPERATIONAL, PARTIAL_OUTAGE)),
                        update("Errors.", "2024-06-04T07:10:00Z")))
                .extracting(ContentHash::of)
                .doesNotContain(hash)
                .doesNotHaveDuplicates();
    }

    @Test
    void shouldNotConfuseFieldBoundariesWhenTextMovesBetweenFields() {
        assertThat(ContentHash.of(update("a", "2024-06-04T07:10:00Z", change("bc", "x", null, OPERATIONAL))))
                .isNotEqualTo(
                        ContentHash.of(update("ab", "2024-06-04T07:10:00Z", change("c", "x", null, OPERATIONAL))));
    }
}
