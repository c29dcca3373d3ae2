package org.mailauth.james39;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a class file refers to, read from its constant pool (JVMS §4.4): the names in its UTF-8 entries (class names,
 * descriptors, signatures, annotation types, string literals) and its field and method references.
 */
final class ClassFile {

    /** A field or method reference (JVMS §4.4.2): owner in internal form, name and descriptor. */
    record MemberRef(boolean field, String owner, String name, String descriptor) {
    }

    private final String name;
    private final int majorVersion;
    private final List<String> utf8;
    private final List<String> classes;
    private final List<MemberRef> members;

    private ClassFile(String name, int majorVersion, List<String> utf8, List<String> classes, List<MemberRef> members) {
        this.name = name;
        this.majorVersion = majorVersion;
        this.utf8 = utf8;
        this.classes = classes;
        this.members = members;
    }

    static ClassFile read(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        int major = in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] strings = new String[count];
        int[] tags = new int[count];
        int[] first = new int[count];
        int[] second = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            tags[i] = tag;
            switch (tag) {
                case 1 -> strings[i] = in.readUTF();
                case 7, 8, 16, 19, 20 -> first[i] = in.readUnsignedShort();
                case 9, 10, 11, 12, 17, 18 -> {
                    first[i] = in.readUnsignedShort();
                    second[i] = in.readUnsignedShort();
                }
                case 15 -> {
                    first[i] = in.readUnsignedByte();
                    second[i] = in.readUnsignedShort();
                }
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
            }
        }
        in.readUnsignedShort();
        String thisClass = strings[first[in.readUnsignedShort()]];
        List<String> utf8 = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        List<MemberRef> members = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            switch (tags[i]) {
                case 1 -> utf8.add(strings[i]);
                case 7 -> classes.add(strings[first[i]]);
                case 9, 10, 11 -> {
                    int nameAndType = second[i];
                    members.add(new MemberRef(tags[i] == 9, strings[first[first[i]]], strings[first[nameAndType]],
                        strings[second[nameAndType]]));
                }
                default -> {
                }
            }
        }
        return new ClassFile(thisClass, major, utf8, classes, members);
    }

    String name() {
        return name;
    }

    int majorVersion() {
        return majorVersion;
    }

    /** Every UTF-8 constant: a namespace used anywhere in the class (a type, a descriptor, a literal) is among them. */
    List<String> utf8() {
        return utf8;
    }

    /** The classes it refers to (JVMS §4.4.1), in internal form; arrays as descriptors ("[Ljava/lang/String;"). */
    List<String> classes() {
        return classes;
    }

    List<MemberRef> members() {
        return members;
    }
}
