package org.mailauth.dkim.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Private key files, read once and kept; a file that changed on disk (time or size) is read again on its
 * next use, so a rotated key needs no restart. A key readable by its group or by others is refused, as
 * OpenDKIM refuses it, unless allowed; the permissions are checked on every use, so a key made readable by others
 * while James runs stops being used at once.
 */
public final class KeyFiles {

    private static final Set<PosixFilePermission> TOO_OPEN = EnumSet.of(PosixFilePermission.GROUP_READ,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private final boolean allowGroupReadable;
    private final Map<Key, Loaded> keys = new ConcurrentHashMap<>();

    public KeyFiles(boolean allowGroupReadable) {
        this.allowGroupReadable = allowGroupReadable;
    }

    /** The key in {@code file} signing for {@code domain} with {@code selector}; reread if the file changed. */
    public SigningKey load(Path file, String domain, String selector) throws IOException {
        BasicFileAttributes attributes = attributes(file);
        if (!allowGroupReadable) {
            Set<PosixFilePermission> open = openPermissions(attributes);
            if (!open.isEmpty()) {
                throw new IOException(file + " can be read by others than its owner " + open
                    + "; make it private (chmod 600) or allow group-readable keys explicitly");
            }
        }
        FileTime modified = attributes.lastModifiedTime();
        long size = attributes.size();
        Key key = new Key(file.toAbsolutePath(), domain, selector);
        Loaded known = keys.get(key);
        if (known != null && known.modified.equals(modified) && known.size == size) {
            return known.key;
        }
        SigningKey signingKey = PrivateKeys.read(file, domain, selector);
        keys.put(key, new Loaded(signingKey, modified, size));
        return signingKey;
    }

    /** The permissions of {@code file} that let others than its owner read or write it; none on a non-POSIX file system. */
    public static Set<PosixFilePermission> openPermissions(Path file) throws IOException {
        return openPermissions(attributes(file));
    }

    private static Set<PosixFilePermission> openPermissions(BasicFileAttributes attributes) {
        Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
        if (attributes instanceof PosixFileAttributes) {
            open.addAll(((PosixFileAttributes) attributes).permissions());
            open.retainAll(TOO_OPEN);
        }
        return open;
    }

    /** Time, size and (where the file system has them) permissions, in one read of the file's metadata. */
    private static BasicFileAttributes attributes(Path file) throws IOException {
        try {
            return Files.readAttributes(file, PosixFileAttributes.class);
        } catch (UnsupportedOperationException e) {
            return Files.readAttributes(file, BasicFileAttributes.class);
        }
    }

    private static final class Key {
        private final Path file;
        private final String domain;
        private final String selector;

        Key(Path file, String domain, String selector) {
            this.file = file;
            this.domain = domain;
            this.selector = selector;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key && ((Key) other).file.equals(file) && ((Key) other).domain.equals(domain)
                && ((Key) other).selector.equals(selector);
        }

        @Override
        public int hashCode() {
            return Objects.hash(file, domain, selector);
        }
    }

    private static final class Loaded {
        private final SigningKey key;
        private final FileTime modified;
        private final long size;

        Loaded(SigningKey key, FileTime modified, long size) {
            this.key = key;
            this.modified = modified;
            this.size = size;
        }
    }
}
