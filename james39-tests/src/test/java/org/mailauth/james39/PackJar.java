package org.mailauth.james39;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/** A pack jar built by this project: the James 3.8 one (module pack) or the James 3.9 one (module pack-james39). */
final class PackJar {

    private final Path path;

    private PackJar(Path path) {
        this.path = path;
    }

    static PackJar james38() {
        return named("mailauth.pack38.jar");
    }

    static PackJar james39() {
        return named("mailauth.pack39.jar");
    }

    private static PackJar named(String property) {
        String location = System.getProperty(property);
        if (location == null || !Files.isRegularFile(Path.of(location))) {
            throw new IllegalStateException("no pack jar at " + location + " (system property " + property
                + "; build it with 'mvn -pl james39-tests -am verify')");
        }
        return new PackJar(Path.of(location));
    }

    Path path() {
        return path;
    }

    List<String> entryNames() {
        try (JarFile jar = new JarFile(path.toFile())) {
            List<String> names = new ArrayList<>();
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                names.add(entries.nextElement().getName());
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every class file of the jar whose entry name starts with {@code prefix} ("" for all). */
    List<ClassFile> classes(String prefix) {
        try (JarFile jar = new JarFile(path.toFile())) {
            List<ClassFile> classes = new ArrayList<>();
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (name.startsWith(prefix) && name.endsWith(".class") && !name.endsWith("module-info.class")) {
                    classes.add(ClassFile.read(jar.getInputStream(entry).readAllBytes()));
                }
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
