package dev.incidentmonitor.local;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The jar's Main-Class: checks the Java version, then hands over to {@link LocalRun}.
 *
 * <p>Why a separate class compiled for Java 8 (see the module pom): every other class needs Java 17, and an
 * older JVM refuses to load them with an {@code UnsupportedClassVersionError} before any of our code can say
 * what is wrong. This class loads on Java 8 and later, so it can print a clear message. It reads
 * {@code java.specification.version} because {@code Runtime.version()} does not exist before Java 9.
 */
public final class Main {

    /** The oldest Java feature release the project supports. */
    static final int REQUIRED_JAVA = 17;

    private Main() {}

    /**
     * Runs the command line, or exits with code 1 and a message on a Java older than 17.
     *
     * @param args the command line
     * @throws Throwable whatever {@link LocalRun#main(String[])} throws
     */
    public static void main(String[] args) throws Throwable {
        String problem = javaVersionProblem(System.getProperty("java.specification.version"));
        if (problem != null) {
            System.err.println("error: " + problem);
            System.exit(1);
        }
        // Reflection so this class links to nothing compiled for Java 17.
        Method main = Class.forName("dev.incidentmonitor.local.LocalRun").getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * Explains why this Java cannot run the project, or returns null when it can.
     *
     * @param specificationVersion {@code java.specification.version}: "1.8" for Java 8, "17" for Java 17
     * @return the message for a person, or null when the version is {@value #REQUIRED_JAVA} or newer
     */
    static String javaVersionProblem(String specificationVersion) {
        int feature = featureRelease(specificationVersion);
        if (feature >= REQUIRED_JAVA) {
            return null;
        }
        return "incident-monitor needs Java " + REQUIRED_JAVA + " or newer, but this is Java " + specificationVersion
                + " (" + System.getProperty("java.home") + "); install Java " + REQUIRED_JAVA
                + "+ and point JAVA_HOME or PATH at it";
    }

    private static int featureRelease(String specificationVersion) {
        if (specificationVersion == null) {
            return -1;
        }
        String version =
                specificationVersion.startsWith("1.") ? specificationVersion.substring(2) : specificationVersion;
        int dot = version.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
