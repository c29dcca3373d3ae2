package org.mailauth.cli;

/** Entry point of the executable jar. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Library logs (dnsjava, the engine) go to stderr, warnings only, unless --verbose says otherwise.
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose(args) ? "debug" : "warn");
        System.exit(MailauthCommand.commandLine().execute(args));
    }

    private static boolean verbose(String[] args) {
        for (String arg : args) {
            if (arg.equals("--verbose") || arg.equals("-v")) {
                return true;
            }
        }
        return false;
    }
}
