package io.moereplay.connectors.routing;

/**
 * Where each contested key of one input was first read, across its files, so that a second
 * sighting in another file can be rejected naming both places. A key is a group (request id, or a
 * count's interval) and a slot within it (token and layer, or layer and expert); a place is a file
 * index and a 1-based row, packed by {@link #origin}. Fed in input order (file by file, row by row),
 * the first sighting kept is the one of the earliest file, whatever reads in parallel.
 *
 * <p>Memory: an open-addressing table of 24 bytes a slot, at most 3/4 full, so 32-48 bytes per
 * contested key; uncontested rows never reach it.
 */
public final class FirstSightings {

    private static final int FILE_SHIFT = 40;
    private static final long ROW_MASK = (1L << FILE_SHIFT) - 1;

    private long[] groups = new long[16];
    private long[] slots = new long[16];
    // The place plus one, so that 0 marks a free slot.
    private long[] places = new long[16];
    private int size;

    /** A place: a file index (below 2^23) and its 1-based row (below 2^40). */
    public static long origin(int file, long row) {
        return (long) file << FILE_SHIFT | row;
    }

    public static int file(long origin) {
        return (int) (origin >>> FILE_SHIFT);
    }

    public static long row(long origin) {
        return origin & ROW_MASK;
    }

    /**
     * Records {@code origin} as the key's first sighting unless the key was seen before.
     *
     * @return -1 for a first sighting, else the place of the first one
     */
    public long firstOr(long group, long slot, long origin) {
        int mask = places.length - 1;
        for (int at = hash(group, slot) & mask; ; at = (at + 1) & mask) {
            if (places[at] == 0) {
                groups[at] = group;
                slots[at] = slot;
                places[at] = origin + 1;
                if (++size * 4 > places.length * 3) {
                    grow();
                }
                return -1;
            }
            if (groups[at] == group && slots[at] == slot) {
                return places[at] - 1;
            }
        }
    }

    /** The reason for a decision read again in another file. */
    public static String decisionReason(long requestId, int tokenIndex, int layer, String firstFile, long firstRow,
            String file, long row) {
        return "duplicate decision for request " + requestId + ", token " + tokenIndex + ", layer " + layer
                + " across files: first read at " + firstFile + ":" + firstRow + ", again at " + file + ":" + row
                + "; the first is kept";
    }

    /** The reason for a count read again in another file; {@code startMicros} may be UNTIMED. */
    public static String countReason(long startMicros, int layer, int expert, String firstFile, long firstRow,
            String file, long row) {
        return "duplicate count for layer " + layer + ", expert " + expert
                + (startMicros == RoutingVisitor.UNTIMED ? "" : " in the window starting at " + startMicros + " us")
                + " across files: first read at " + firstFile + ":" + firstRow + ", again at " + file + ":" + row
                + "; the first is kept";
    }

    private static int hash(long group, long slot) {
        long h = group * 0x9E3779B97F4A7C15L + slot;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ h >>> 32);
    }

    private void grow() {
        long[] oldGroups = groups;
        long[] oldSlots = slots;
        long[] oldPlaces = places;
        groups = new long[oldPlaces.length * 2];
        slots = new long[oldPlaces.length * 2];
        places = new long[oldPlaces.length * 2];
        int mask = places.length - 1;
        for (int i = 0; i < oldPlaces.length; i++) {
            if (oldPlaces[i] != 0) {
                int at = hash(oldGroups[i], oldSlots[i]) & mask;
                while (places[at] != 0) {
                    at = (at + 1) & mask;
                }
                groups[at] = oldGroups[i];
                slots[at] = oldSlots[i];
                places[at] = oldPlaces[i];
            }
        }
    }
}
