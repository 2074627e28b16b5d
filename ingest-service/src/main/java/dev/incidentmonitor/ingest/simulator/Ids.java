package dev.incidentmonitor.ingest.simulator;

import java.time.Instant;
import java.util.Random;

/** Page-shaped identifiers drawn from a seeded {@link Random}, so a run is reproducible. */
final class Ids {
    private static final char[] BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private Ids() {}

    /** A Statuspage id: 12 lowercase letters and digits, like {@code 978mjkgw6mh7}. */
    static String statuspage(Random rng) {
        char[] out = new char[12];
        for (int i = 0; i < out.length; i++) {
            out[i] = BASE36[rng.nextInt(BASE36.length)];
        }
        return new String(out);
    }

    /** A ULID as incident.io uses: 48-bit millisecond time, then 80 random bits, Crockford base32. */
    static String ulid(Instant time, Random rng) {
        char[] out = new char[26];
        long millis = time.toEpochMilli();
        for (int i = 9; i >= 0; i--) {
            out[i] = CROCKFORD[(int) (millis & 31)];
            millis >>>= 5;
        }
        for (int i = 10; i < 26; i++) {
            out[i] = CROCKFORD[rng.nextInt(32)];
        }
        return new String(out);
    }
}
