package dev.incidentmonitor.ingest.simulator;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * The incident process of the ICPE'25 study (Chu et al., "LLM-service outages"), fitted once and hard-coded, so
 * generated pages behave like the studied providers without shipping or reading the dataset at run time.
 *
 * <p><b>Source.</b> {@code datasets/llm-service-analysis/data/clean/incident/2024-08-31/incident_stages.csv}
 * (542 incidents of OpenAI, Anthropic and Character.AI, 2021-02 to 2024-08; stage timestamps in UTC at minute
 * resolution, each the earliest update with that status, as SPEC.md defines S1..S5).
 *
 * <p><b>How the numbers were computed</b> (a one-off Python/numpy script, per provider):
 *
 * <ol>
 *   <li>Rows with {@code incident_impact_level = 4} (maintenance, 2 rows) are dropped, and so are the 5
 *       {@code out_of_order} incidents (an inverted adjacent pair of present markers, SPEC.md); 535 remain.
 *   <li><b>Time between incidents</b>: incident starts ({@code min(S1..S4)}) sorted; gaps in minutes.
 *   <li><b>Stage transitions</b>: for each incident, the gap between each pair of consecutive <em>present</em>
 *       markers among S1..S4 (so {@code S1→S2} is P_I, {@code S2→S3} is P_R, {@code S3→S4} is P_C, and
 *       {@code S1→S3}, {@code S1→S4}, {@code S2→S4} are the gaps of incidents that skipped a status), plus
 *       {@code S4→S5} (P_L). A transition with fewer than 10 samples for a provider uses the fit pooled over
 *       the three providers.
 *   <li><b>Fit</b>: lognormal by maximum likelihood in log space ({@code mu} = mean of {@code ln x},
 *       {@code sigma} = population standard deviation of {@code ln x}) over the positive gaps; the share of
 *       zero gaps (same minute) is kept as {@code zeroShare}; samples are truncated (redrawn) above the largest
 *       gap observed ({@code maxMinutes}). Without the truncation the fitted tail overshoots the observed mean
 *       gap by 35-50 %; with it the model mean is within 12 % of the observed mean for OpenAI and Anthropic
 *       (5,135 vs 5,198 min; 4,880 vs 5,529 min) and 22 % for Character.AI (35 incidents).
 *   <li><b>Status combinations</b>: counts of incidents per set of present markers (e.g. S1-S3-S4).
 *   <li><b>Impact</b>: counts of {@code incident_impact_level} 0..3 (none, minor, major, critical).
 *   <li><b>Affected components</b>: counts of the number of service flags set (0 = the incident named no
 *       component). Character.AI's page had one component, so its incidents always affect one.
 * </ol>
 *
 * <p>Draws are independent (combination, durations, impact and component count are not correlated in the
 * model, although they may be in the data). Maintenances are not modelled by the study (2 rows), see
 * {@link #MAINTENANCE_MEAN_GAP}.
 */
public final class StudyDistributions {

    /**
     * Mean time between scheduled maintenances of a generated page. Not from the study (its history pages list
     * only 2 maintenances): a round figure so that a month of simulation shows a maintenance on most pages.
     */
    public static final Duration MAINTENANCE_MEAN_GAP = Duration.ofDays(30);

    private StudyDistributions() {}

    /** The status markers S1..S5 of SPEC.md, in order. */
    public enum Stage {
        INVESTIGATING("investigating"),
        IDENTIFIED("identified"),
        MONITORING("monitoring"),
        RESOLVED("resolved"),
        POSTMORTEM("postmortem");

        private final String word;

        Stage(String word) {
            this.word = word;
        }

        /** The update status word both platforms use for it (incident.io has no postmortem). */
        public String word() {
            return word;
        }
    }

    /**
     * A lognormal distribution of a duration in minutes, with a point mass at zero and truncation at the
     * largest value observed.
     *
     * @param mu mean of {@code ln(minutes)} over the positive samples
     * @param sigma standard deviation of {@code ln(minutes)} over the positive samples
     * @param zeroShare share of samples that were 0 (same minute)
     * @param maxMinutes largest sample observed; draws above it are redrawn
     * @param samples how many gaps the fit used (for the reader; not used by the sampler)
     */
    public record LogNormal(double mu, double sigma, double zeroShare, double maxMinutes, int samples) {
        public LogNormal {
            if (!(sigma > 0) || zeroShare < 0 || zeroShare >= 1 || !(maxMinutes > 0)) {
                throw new IllegalArgumentException("bad lognormal " + mu + "/" + sigma + "/" + zeroShare);
            }
        }

        /** One draw, in minutes. */
        public double sampleMinutes(Random rng) {
            if (zeroShare > 0 && rng.nextDouble() < zeroShare) {
                return 0;
            }
            // Every fit keeps at least 83 % of its mass below maxMinutes, so this loop ends quickly.
            while (true) {
                double x = Math.exp(mu + sigma * rng.nextGaussian());
                if (x <= maxMinutes) {
                    return x;
                }
            }
        }

        /** One draw, rounded to whole seconds (generated pages keep event times on whole seconds). */
        public Duration sample(Random rng) {
            return Duration.ofSeconds(Math.round(sampleMinutes(rng) * 60));
        }

        /** The model's mean in minutes: zero mass, then the lognormal mean truncated at {@code maxMinutes}. */
        public double meanMinutes() {
            double logMax = Math.log(maxMinutes);
            double truncated = Math.exp(mu + sigma * sigma / 2)
                    * normalCdf((logMax - mu - sigma * sigma) / sigma)
                    / normalCdf((logMax - mu) / sigma);
            return (1 - zeroShare) * truncated;
        }
    }

    /**
     * How many incidents had exactly these markers present.
     *
     * @param stages the present markers, in order; the last of S1..S4 is always {@link Stage#RESOLVED} here
     * @param count incidents in the study
     */
    public record Combination(List<Stage> stages, int count) {
        public Combination {
            stages = List.copyOf(stages);
        }

        /** Whether the combination has a TTR (S4 and at least one of S1..S3, SPEC.md). */
        public boolean hasTtr() {
            return stages.contains(Stage.RESOLVED) && stages.stream().anyMatch(s -> s.compareTo(Stage.RESOLVED) < 0);
        }
    }

    /**
     * One studied provider's incident process.
     *
     * @param name provider id of the study ({@code openai}, {@code anthropic}, {@code character})
     * @param incidents incidents the fit used
     * @param timeBetweenIncidents gap between consecutive incident starts
     * @param transitions {@code transitions[from][to]} by {@link Stage#ordinal()}, for consecutive present markers
     * @param combinations status combinations with their counts
     * @param impactCounts incidents per impact: none, minor, major, critical
     * @param affectedCounts incidents per number of affected components, index = count
     */
    public record Profile(
            String name,
            int incidents,
            LogNormal timeBetweenIncidents,
            LogNormal[][] transitions,
            List<Combination> combinations,
            int[] impactCounts,
            int[] affectedCounts) {
        public Profile {
            Objects.requireNonNull(name, "name");
            combinations = List.copyOf(combinations);
            transitions = copy(transitions);
            impactCounts = impactCounts.clone();
            affectedCounts = affectedCounts.clone();
        }

        /** A copy: the profile is immutable. */
        @Override
        public LogNormal[][] transitions() {
            return copy(transitions);
        }

        /** A copy: the profile is immutable. */
        @Override
        public int[] impactCounts() {
            return impactCounts.clone();
        }

        /** A copy: the profile is immutable. */
        @Override
        public int[] affectedCounts() {
            return affectedCounts.clone();
        }

        private static LogNormal[][] copy(LogNormal[][] table) {
            LogNormal[][] out = new LogNormal[table.length][];
            for (int i = 0; i < table.length; i++) {
                out[i] = table[i].clone();
            }
            return out;
        }

        /** The gap between two consecutive present markers. */
        public LogNormal transition(Stage from, Stage to) {
            LogNormal fit = transitions[from.ordinal()][to.ordinal()];
            if (fit == null) {
                throw new IllegalArgumentException("no fit for " + from + " -> " + to);
            }
            return fit;
        }

        /** Draws a status combination. */
        public Combination sampleCombination(Random rng) {
            int[] counts = combinations.stream().mapToInt(Combination::count).toArray();
            return combinations.get(pick(counts, rng));
        }

        /** Draws an impact: 0 none, 1 minor, 2 major, 3 critical. */
        public int sampleImpact(Random rng) {
            return pick(impactCounts, rng);
        }

        /** Draws how many components an incident affects (0 = none named). */
        public int sampleAffectedCount(Random rng) {
            return pick(affectedCounts, rng);
        }

        /** The model's mean TTR in minutes over the combinations that have one (the sum of their gaps). */
        public double expectedTtrMinutes() {
            double weighted = 0;
            int total = 0;
            for (Combination c : combinations) {
                if (!c.hasTtr()) {
                    continue;
                }
                double sum = 0;
                List<Stage> toResolved = c.stages().subList(0, c.stages().indexOf(Stage.RESOLVED) + 1);
                for (int i = 1; i < toResolved.size(); i++) {
                    sum += transition(toResolved.get(i - 1), toResolved.get(i)).meanMinutes();
                }
                weighted += sum * c.count();
                total += c.count();
            }
            return weighted / total;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Profile p && p.name.equals(name);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }

        @Override
        public String toString() {
            return "Profile[" + name + ", " + incidents + " incidents, impacts " + Arrays.toString(impactCounts) + "]";
        }
    }

    // Pooled fits over the three providers, used where a provider has fewer than 10 samples.
    private static final LogNormal POOLED_S1_S2 = new LogNormal(3.246, 1.222, 0.024, 588, 124);
    private static final LogNormal POOLED_S1_S3 = new LogNormal(3.319, 1.154, 0, 1886, 138);
    private static final LogNormal POOLED_S2_S3 = new LogNormal(3.394, 1.445, 0.015, 11026, 131);
    private static final LogNormal POOLED_S2_S4 = new LogNormal(4.009, 1.440, 0, 2841, 68);
    private static final LogNormal POOLED_S4_S5 = new LogNormal(7.903, 1.746, 0, 14259, 33);

    /** OpenAI, 360 incidents, 2021-02-09 to 2024-08-28. */
    public static final Profile OPENAI = new Profile(
            "openai",
            360,
            new LogNormal(7.339, 1.743, 0.003, 91080, 359),
            transitions(
                    new LogNormal(3.294, 1.098, 0.012, 225, 82),
                    new LogNormal(3.409, 1.200, 0, 1886, 114),
                    new LogNormal(4.038, 1.379, 0, 4907, 60),
                    new LogNormal(3.537, 1.216, 0.010, 1623, 96),
                    new LogNormal(3.837, 1.261, 0, 475, 43),
                    new LogNormal(3.441, 1.344, 0, 1835, 221),
                    new LogNormal(8.117, 1.508, 0, 14259, 29)),
            List.of(
                    combination(107, 1, 3, 4),
                    combination(55, 1, 4),
                    combination(48, 1, 2, 3, 4),
                    combination(34, 4),
                    combination(33, 2, 3, 4),
                    combination(22, 1, 2, 4),
                    combination(21, 2, 4),
                    combination(12, 1, 2, 3, 4, 5),
                    combination(11, 3, 4),
                    combination(7, 1, 3, 4, 5),
                    combination(5, 1, 4, 5),
                    combination(3, 2, 3, 4, 5),
                    combination(2, 4, 5)),
            new int[] {52, 139, 123, 46},
            new int[] {30, 250, 68, 4, 8});

    /** Anthropic, 140 incidents, 2023-03-16 to 2024-08-30. */
    public static final Profile ANTHROPIC = new Profile(
            "anthropic",
            140,
            new LogNormal(7.352, 1.828, 0, 62454, 139),
            transitions(
                    new LogNormal(3.205, 1.511, 0.056, 588, 36),
                    new LogNormal(3.006, 0.705, 0, 72, 16),
                    new LogNormal(3.666, 1.148, 0, 533, 43),
                    new LogNormal(3.123, 1.961, 0.034, 11026, 29),
                    new LogNormal(4.017, 1.727, 0, 2841, 16),
                    new LogNormal(3.221, 1.654, 0, 2220, 51),
                    POOLED_S4_S5),
            List.of(
                    combination(43, 1, 4),
                    combination(28, 4),
                    combination(24, 1, 2, 3, 4),
                    combination(16, 1, 3, 4),
                    combination(12, 1, 2, 4),
                    combination(6, 3, 4),
                    combination(5, 2, 3, 4),
                    combination(4, 2, 4),
                    combination(2, 4, 5)),
            new int[] {44, 48, 43, 5},
            new int[] {37, 29, 18, 56});

    /** Character.AI, 35 incidents, 2023-10-24 to 2024-08-17: a small sample, several transitions pooled. */
    public static final Profile CHARACTER = new Profile(
            "character",
            35,
            new LogNormal(8.587, 1.504, 0, 64966, 34),
            transitions(
                    POOLED_S1_S2,
                    POOLED_S1_S3,
                    new LogNormal(4.804, 0.986, 0, 1474, 11),
                    POOLED_S2_S3,
                    POOLED_S2_S4,
                    new LogNormal(2.889, 1.956, 0, 711, 15),
                    POOLED_S4_S5),
            List.of(
                    combination(11, 1, 4),
                    combination(8, 1, 3, 4),
                    combination(6, 2, 4),
                    combination(5, 1, 2, 3, 4),
                    combination(2, 2, 4, 5),
                    combination(1, 2, 3, 4),
                    combination(1, 3, 4),
                    combination(1, 1, 2, 4)),
            new int[] {2, 4, 10, 19},
            new int[] {0, 35});

    /** The three studied providers. */
    public static final List<Profile> PROFILES = List.of(OPENAI, ANTHROPIC, CHARACTER);

    /** Index drawn with probability proportional to {@code counts[i]}. */
    static int pick(int[] counts, Random rng) {
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        int r = rng.nextInt(total);
        for (int i = 0; i < counts.length; i++) {
            r -= counts[i];
            if (r < 0) {
                return i;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** Arguments in the order S1→S2, S1→S3, S1→S4, S2→S3, S2→S4, S3→S4, S4→S5. */
    private static LogNormal[][] transitions(
            LogNormal s1s2,
            LogNormal s1s3,
            LogNormal s1s4,
            LogNormal s2s3,
            LogNormal s2s4,
            LogNormal s3s4,
            LogNormal s4s5) {
        LogNormal[][] t = new LogNormal[5][5];
        t[0][1] = s1s2;
        t[0][2] = s1s3;
        t[0][3] = s1s4;
        t[1][2] = s2s3;
        t[1][3] = s2s4;
        t[2][3] = s3s4;
        t[3][4] = s4s5;
        return t;
    }

    /** A combination given by marker numbers 1..5. */
    private static Combination combination(int count, int... markers) {
        return new Combination(
                Arrays.stream(markers).mapToObj(m -> Stage.values()[m - 1]).toList(), count);
    }

    /** Standard normal CDF via erfc (Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7). */
    static double normalCdf(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double erfc = t
                * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
                * Math.exp(-x * x);
        return z >= 0 ? 1 - erfc / 2 : erfc / 2;
    }
}
