package org.mailauth.report.received;

/**
 * Bounds on what one received file may make us read (issue 18's hostile cases: bombs, huge XML): the decompressed size
 * of any one document and of the whole file, the entries of a zip, the records of a report, and the length of any
 * element's text. Breaking one refuses the file with a reason; nothing is cut silently.
 */
public final class ReadLimits {

    private final long maxDocumentBytes;
    private final long maxFileBytes;
    private final int maxZipEntries;
    private final int maxRecords;
    private final int maxTextLength;

    private ReadLimits(long maxDocumentBytes, long maxFileBytes, int maxZipEntries, int maxRecords, int maxTextLength) {
        this.maxDocumentBytes = maxDocumentBytes;
        this.maxFileBytes = maxFileBytes;
        this.maxZipEntries = maxZipEntries;
        this.maxRecords = maxRecords;
        this.maxTextLength = maxTextLength;
    }

    /**
     * 16 MiB per XML document (Google's and Microsoft's largest daily reports are a few MB), 32 MiB per file, 20 zip
     * entries, 200,000 records, 64 KiB of text in one element.
     */
    public static ReadLimits defaults() {
        return new ReadLimits(16L << 20, 32L << 20, 20, 200_000, 64 << 10);
    }

    public ReadLimits withMaxDocumentBytes(long bytes) {
        return new ReadLimits(bytes, Math.max(bytes, maxFileBytes), maxZipEntries, maxRecords, maxTextLength);
    }

    public long maxDocumentBytes() {
        return maxDocumentBytes;
    }

    public long maxFileBytes() {
        return maxFileBytes;
    }

    public int maxZipEntries() {
        return maxZipEntries;
    }

    public int maxRecords() {
        return maxRecords;
    }

    public int maxTextLength() {
        return maxTextLength;
    }
}
