package dev.incidentmonitor.ingest.history;

import dev.incidentmonitor.ingest.history.IncidentFileReader.Located;
import dev.incidentmonitor.ingest.history.UptimeFileReader.DayRow;
import dev.incidentmonitor.ingest.model.IncidentSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads the raw data of the ICPE'25 study of LLM-service outages (Chu et al.; {@code llm-service-analysis/data/raw})
 * into the platform-neutral model, so that history goes through the same code as live polling.
 *
 * <p><b>Files.</b> The directory is walked (any depth, in path order): {@code incident_history_*.csv} files are
 * incident history pages, their parent folder names the provider ({@code characterai} is {@code character-ai});
 * {@code uptime_history.csv} files are uptime calendars, their parent folder names the service. Other files are
 * ignored. When the same incident or service-day appears twice (two scrapes side by side), the later file in path
 * order wins, since dated folders sort oldest first, and a warning says so.
 *
 * <p><b>Incidents.</b> Incident id = last path part of {@code Incident_Link}. Each update gets the deterministic
 * id {@code <incident id>-u<index>}, the index counted from the oldest update (0-based), so a newer update
 * appended to the page later does not renumber the older ones. Display time = the trailing
 * {@code Mon DD, YYYY - HH:MM PST|PDT} of {@code Update_Timestamp} in the catalogue's zone (see
 * {@link UpdateTimestamps}). Components: the names of {@code "This incident affected: A, B and C."}, with ids
 * from {@link StudyCatalog#componentId(String)}; the study has no update-level components, so the updates carry
 * none and the incident's list is the one to use for service membership.
 *
 * <p><b>Uptime.</b> Each day's minutes are laid out from local midnight: major outage first, then partial
 * outage, then operational (see {@link OutageReplay}). Only real changes are emitted; the first change of each
 * service (at local midnight of its first day) has no old status.
 *
 * <p><b>Bad data.</b> A row that cannot be read (bad CSV quoting, bad JSON, a timestamp that does not parse, a
 * missing link) is reported as a {@link RowProblem} with its file and line and skipped; everything else is
 * imported. Unknown values with a sensible fallback (an update title, an impact) are imported and reported as
 * warnings.
 */
public final class HistoryImporter {

    private static final String INCIDENT_FILE_PREFIX = "incident_history_";
    private static final String UPTIME_FILE = "uptime_history.csv";

    private static final Comparator<IncidentSnapshot> BY_ID = Comparator.comparing(IncidentSnapshot::id);

    private final StudyCatalog catalog;

    /** An importer for the ICPE'25 study ({@link StudyCatalog#icpe25()}). */
    public HistoryImporter() {
        this(StudyCatalog.icpe25());
    }

    /** An importer for another study of the same format, or the same one with other folders or zone. */
    public HistoryImporter(final StudyCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /** {@link #importDirectory(Path, Consumer)} without progress reports. */
    public ImportResult importDirectory(final Path dir) throws IOException {
        return importDirectory(dir, progress -> {});
    }

    /**
     * Reads every incident and uptime file under {@code dir}.
     *
     * @param dir the study's {@code data/raw} folder, or any folder below it
     * @param progress told once before the first file and once after each file
     * @throws IOException when {@code dir} cannot be walked (a file that cannot be read is a {@link RowProblem})
     */
    public ImportResult importDirectory(final Path dir, final Consumer<ImportProgress> progress) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NotDirectoryException(dir.toString());
        }
        final List<Path> all;
        try (Stream<Path> walk = Files.walk(dir)) {
            all = walk.filter(Files::isRegularFile)
                    .filter(f -> isIncidentFile(f) || isUptimeFile(f))
                    .sorted()
                    .toList();
        }

        final Run run = new Run();
        long rows = 0;
        int done = 0;
        progress.accept(new ImportProgress(0, all.size(), 0, null));
        for (final Path file : all) {
            rows += run.read(file);
            done++;
            progress.accept(new ImportProgress(done, all.size(), rows, file));
        }
        return run.result();
    }

    /** The state of one import. */
    private final class Run {
        private final ImportLog log = new ImportLog();
        private final IncidentFileReader incidentReader = new IncidentFileReader(catalog);
        private final UptimeFileReader uptimeReader = new UptimeFileReader();
        private final List<Located> incidents = new ArrayList<>();
        private final Map<StudyCatalog.Service, List<DayRow>> days = new LinkedHashMap<>();

        /** Reads one file; returns the number of data records in it. */
        long read(final Path file) {
            final String folder = folderName(file);
            final Optional<String> text = readText(file, log);
            if (text.isEmpty()) {
                return 0;
            }
            if (isIncidentFile(file)) {
                final Optional<String> provider = catalog.providerOfFolder(folder);
                if (provider.isEmpty()) {
                    log.problem(
                            file,
                            0,
                            "unknown provider folder '" + folder + "' (known: "
                                    + new TreeMap<>(catalog.providerFolders()).keySet() + "); file skipped");
                    return 0;
                }
                return incidentReader.read(file, text.get(), provider.get(), log, incidents);
            }
            final Optional<StudyCatalog.Service> service = catalog.service(folder);
            if (service.isEmpty()) {
                log.problem(
                        file,
                        0,
                        "unknown service folder '" + folder + "' (known: " + new TreeMap<>(catalog.services()).keySet()
                                + "); file skipped");
                return 0;
            }
            final List<DayRow> serviceDays = days.computeIfAbsent(service.get(), s -> new ArrayList<>());
            return uptimeReader.read(file, text.get(), service.get().componentId(), log, serviceDays);
        }

        ImportResult result() {
            final Map<String, List<IncidentSnapshot>> byProvider = incidentsByProvider(incidents, log);
            final List<HistoricalStatusChange> changes = new ArrayList<>();
            final List<ServiceDayTotal> totals = new ArrayList<>();
            days.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(Comparator.comparing(StudyCatalog.Service::provider)
                            .thenComparing(StudyCatalog.Service::componentId)))
                    .forEach(e -> {
                        final OutageReplay.Replayed replayed =
                                OutageReplay.replay(e.getKey(), oneRowPerDate(e.getValue(), log), catalog.zone(), log);
                        changes.addAll(replayed.changes());
                        totals.addAll(replayed.totals());
                    });
            return new ImportResult(byProvider, changes, totals, log.problems(), log.warnings());
        }
    }

    private static boolean isIncidentFile(final Path file) {
        final String name = file.getFileName().toString();
        return name.startsWith(INCIDENT_FILE_PREFIX) && name.endsWith(".csv");
    }

    private static boolean isUptimeFile(final Path file) {
        return file.getFileName().toString().equals(UPTIME_FILE);
    }

    private static String folderName(final Path file) {
        final Path parent = file.getParent();
        return parent == null || parent.getFileName() == null
                ? ""
                : parent.getFileName().toString();
    }

    /** The file's text (UTF-8; malformed bytes become U+FFFD), or empty after reporting why it cannot be read. */
    private static Optional<String> readText(final Path file, final ImportLog log) {
        try {
            return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            log.problem(file, 0, "cannot read the file: " + e + "; skipped");
            return Optional.empty();
        }
    }

    /** Incidents per provider, sorted by id; of two rows with one id, the one read later wins. */
    private static Map<String, List<IncidentSnapshot>> incidentsByProvider(
            final List<Located> incidents, final ImportLog log) {
        final Map<String, Map<String, Located>> byProvider = new TreeMap<>();
        for (final Located located : incidents) {
            final Located earlier = byProvider
                    .computeIfAbsent(located.provider(), p -> new TreeMap<>())
                    .put(located.incident().id(), located);
            if (earlier != null) {
                log.warning(
                        located.file(),
                        located.line(),
                        "incident " + located.incident().id() + " also at " + earlier.file() + ":" + earlier.line()
                                + "; kept this later row");
            }
        }
        final Map<String, List<IncidentSnapshot>> result = new TreeMap<>();
        byProvider.forEach((provider, byId) -> result.put(
                provider,
                byId.values().stream().map(Located::incident).sorted(BY_ID).toList()));
        return result;
    }

    /** The rows in date order; of two rows with one date, the one read later wins. */
    private static List<DayRow> oneRowPerDate(final List<DayRow> rows, final ImportLog log) {
        final TreeMap<LocalDate, DayRow> byDate = new TreeMap<>();
        for (final DayRow row : rows) {
            final DayRow earlier = byDate.put(row.date(), row);
            if (earlier != null) {
                log.warning(
                        row.file(),
                        row.line(),
                        row.date() + " also at " + earlier.file() + ":" + earlier.line() + "; kept this later row");
            }
        }
        return List.copyOf(byDate.values());
    }
}
