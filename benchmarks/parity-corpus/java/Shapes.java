// Java shapes for benchmarks/parity.py: one of each construct the lowering reads.
package com.example.shapes;

import com.braze.Braze;
import com.braze.configuration.BrazeConfig;
import static com.example.Util.helper;
import java.util.*;

@SuppressWarnings("unchecked")
public final class Shapes extends BaseActivity implements Runnable, com.example.Listener<String> {
    public static final String API_KEY = "abc" + "def";
    private static String mutable = "x";
    private final int count = -42;
    static final long BIG = 0x7fff_ffffL;
    static final double RATIO = 1.5e3d;
    static final int OCTAL = 017;
    static final char C = 'c';
    static final String BLOCK = """
        Hello,
          "world" \
        done\s
        """;
    static final String[] NAMES = new String[] {"a", "b"};
    static final int[] EMPTY = new int[3];
    static final List<String> LIST = List.of("x", "y");
    static final Map<String, Integer> MAP = Map.of("k", 1, "j", 2);

    static {
        Braze.configure(null, new BrazeConfig.Builder().setApiKey(API_KEY).build());
    }

    private Braze braze;

    Shapes(Context context) {
        super(context);
        this.braze = Braze.getInstance(context);
    }

    Shapes() {
        this(null);
    }

    @Override
    public void run() {
        if (BuildConfig.DEBUG) {
            braze.logCustomEvent("debug");
        } else if (isReady(check())) {
            braze.logCustomEvent("ready");
        } else {
            braze.logCustomEvent("other");
        }
        String label = flag ? pick("a") : other("b");
        int total = count * 2 + offset - (count / 3);
        String msg = "n=" + (count + 1) + " items";
        items[0] = value;
        this.mutable = (String) cast(label);
        mutable = label;
        counter += 1;
        Object o = new Object() {
            @Override
            public String toString() {
                return "anon" + helper();
            }
        };
        Runnable r = () -> braze.requestImmediateDataFlush();
        list.forEach(item -> track(item));
        list.stream()
            .map(x -> x.trim())
            .filter((String s) -> !s.isEmpty())
            .forEach(this::track);
        for (int i = 0; i < size(); i++) {
            step(i);
        }
        for (String name : names()) {
            braze.getCurrentUser().setCustomUserAttribute(name, true);
        }
        while (more()) { next(); }
        do { again(); } while (retry());
        outer:
        for (;;) { break outer; }
        switch (kind) {
            case 1:
            case 2:
                one();
                break;
            default:
                none();
        }
        int code = switch (kind) {
            case 1 -> first();
            case 2, 3 -> second();
            default -> { yield third(); }
        };
        try (InputStream in = open(path); Reader rd = reader(in)) {
            read(in);
        } catch (IOException | RuntimeException e) {
            e.printStackTrace();
        } finally {
            close();
        }
        try { risky(); } finally { cleanup(); }
        synchronized (lock) { locked(); }
        assert ready() : "not ready";
        throw new IllegalStateException("bad " + code);
    }

    private boolean isReady(boolean v) { return v && !stopped || forced; }

    String[][] grid() { return new String[][] {{"a"}, {"b", null}}; }

    void varargs(String first, String... rest) {
        Arrays.asList(rest).forEach(System.out::println);
        Collections.singletonList(first);
        Set.of(first);
        outerObject.new Inner(first);
        array[index].call();
        ((Shapes) this).run();
        new int[] {1, 2}.clone();
        Object[] copy = rest.clone();
        char c = "abc".charAt(0);
        boolean b = o instanceof String s && s.isEmpty();
        var lambda = (Function<String, String>) x -> x + "!";
    }

    interface Listener {
        String NAME = "listener";
        void on(String event);
        default void off() { Braze.getInstance(null).logCustomEvent(NAME); }
    }

    enum Level implements Ranked {
        LOW("low"), HIGH("high") {
            @Override String label() { return "HIGH"; }
        };
        private final String text;
        Level(String text) { this.text = text; }
        String label() { return text; }
    }

    record Point(int x, int y) implements Comparable<Point> {
        Point {
            if (x < 0) throw new IllegalArgumentException("x");
        }
        public int compareTo(Point other) { return Integer.compare(x, other.x); }
    }

    @interface Marker {
        String value() default "m";
        int LIMIT = 3;
    }

    static class Inner<T extends Number> extends java.util.AbstractList<T> {
        public T get(int i) { return null; }
        public int size() { return 0; }
    }
}
