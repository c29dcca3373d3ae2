package org.mailauth.cli;

import picocli.CommandLine;

/** The version from the jar's manifest (Implementation-Version), or "development" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = MailauthCommand.class.getPackage().getImplementationVersion();
        return new String[] {"mailauth " + (version == null ? "development" : version)};
    }
}
