package dev.incidentmonitor.observability;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The settings of a service process started on its own (a container image's entry point), layered so that later
 * layers win: a properties file, then environment variables {@code KAFKA_FOO_BAR=value}, which set {@code foo.bar}
 * (the convention of Kafka's own container images and of the launcher). Defaults stay with the code that validates
 * the settings.
 *
 * <p>An environment variable cannot carry a hyphen in the usual shells and orchestrators, so a variable whose name is
 * the upper-cased form of a known setting ({@code KAFKA_APP_TOPIC_REPLICATION_FACTOR} for {@code
 * app.topic.replication-factor}) sets that setting; any other variable maps {@code _} to {@code .}, which is exact
 * for every Kafka client and serde setting.
 *
 * <p>It lives here because this is the one module both services' processes share that has no Kafka dependency.
 */
public final class ProcessSettings {

    /** Prefix of the environment variables that carry settings. */
    public static final String ENV_PREFIX = "KAFKA_";

    private ProcessSettings() {}

    /**
     * Reads the layers.
     *
     * @param file a properties file, or null for none
     * @param environment the process environment
     * @param knownKeys settings whose names may hold characters an environment variable cannot, such as {@code -}
     * @return every setting found, as strings
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Map<String, Object> load(
            final Path file, final Map<String, String> environment, final Collection<String> knownKeys) {
        final Map<String, Object> settings = new HashMap<>();
        if (file != null) {
            final Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot read the settings file " + file + ": " + e, e);
            }
            properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name)));
        }
        final Map<String, String> known = new HashMap<>();
        knownKeys.forEach(key -> known.put(environmentName(key), key));
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                final String key = known.getOrDefault(
                        name,
                        name.substring(ENV_PREFIX.length())
                                .toLowerCase(Locale.ROOT)
                                .replace('_', '.'));
                settings.put(key, value);
            }
        });
        return settings;
    }

    /**
     * The environment variable that sets {@code key}: {@code KAFKA_} and the key upper-cased, with every character
     * other than a letter or digit turned into {@code _}.
     */
    public static String environmentName(final String key) {
        final StringBuilder name = new StringBuilder(ENV_PREFIX);
        for (final char c : key.toCharArray()) {
            name.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return name.toString();
    }

    /**
     * The settings whose keys start with {@code prefix} (a service's own, {@code app.}), or, with {@code matching}
     * false, all the others (Kafka's, the clients' and the serde's).
     */
    public static Map<String, Object> select(
            final Map<String, ?> settings, final String prefix, final boolean matching) {
        final Map<String, Object> selected = new HashMap<>();
        settings.forEach((key, value) -> {
            if (key.startsWith(prefix) == matching) {
                selected.put(key, value);
            }
        });
        return selected;
    }

    /**
     * Every setting of both maps for a log line, sorted, with passwords, secrets and credentials masked ({@code
     * [hidden]}); {@code own} wins over {@code kafka} on a shared key.
     */
    public static Map<String, Object> masked(final Map<String, ?> kafka, final Map<String, ?> own) {
        final Map<String, Object> all = new TreeMap<>(kafka);
        all.putAll(own);
        all.replaceAll((key, value) -> isSecret(key) ? "[hidden]" : value);
        return all;
    }

    private static boolean isSecret(final String key) {
        final String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("user.info") || k.contains("jaas");
    }
}
