package io.numaagent.runner.kube;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the API server's JSON with Jackson's streaming parser, keeping only {@link PodInfo}'s
 * fields and skipping the rest unread into objects: a pod list straight from the response stream,
 * one watch event per line. Anything not of the expected shape is an {@link IOException} naming
 * the field.
 */
public final class PodJson {

    /** A list's page: its items, the resource version to watch from, and where the next page starts. */
    public record PodList(List<PodInfo> items, String resourceVersion, String continueToken) {
    }

    /**
     * A watch event: {@code ADDED}, {@code MODIFIED}, {@code DELETED} with the pod; {@code BOOKMARK}
     * with the resource version only; {@code ERROR} with the Status's code and message.
     */
    public record WatchEvent(String type, PodInfo pod, String resourceVersion, int code, String message) {
    }

    private static final JsonFactory FACTORY = JsonFactory.builder()
            // a pod is at most etcd's 1.5 MB; the list of a node's pods a few MB: more is not a pod list
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64)
                    .maxStringLength(2 << 20).maxNumberLength(64).build())
            .build();

    private PodJson() {
    }

    /** A {@code PodList} read from {@code in} (closed by the caller). */
    public static PodList list(InputStream in) throws IOException {
        try (JsonParser p = FACTORY.createParser(in)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT, "the pod list");
            List<PodInfo> items = new ArrayList<>();
            String rv = null;
            String cont = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "metadata" -> {
                        expect(p, value, JsonToken.START_OBJECT, "metadata");
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = p.currentName();
                            p.nextToken();
                            switch (f) {
                                case "resourceVersion" -> rv = text(p, "metadata.resourceVersion");
                                case "continue" -> cont = text(p, "metadata.continue");
                                default -> p.skipChildren();
                            }
                        }
                    }
                    case "items" -> {
                        if (value == JsonToken.VALUE_NULL) {
                            break;
                        }
                        expect(p, value, JsonToken.START_ARRAY, "items");
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            items.add(pod(p));
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (rv == null) {
                throw new IOException("the pod list has no metadata.resourceVersion");
            }
            return new PodList(items, rv, cont == null || cont.isEmpty() ? null : cont);
        }
    }

    /** One line of a watch: {@code {"type": ..., "object": ...}}. */
    public static WatchEvent event(byte[] line, int length) throws IOException {
        try (JsonParser p = FACTORY.createParser(line, 0, length)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT, "the watch event");
            String type = null;
            PodInfo pod = null;
            String rv = null;
            int code = 0;
            String message = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("type")) {
                    type = text(p, "type");
                } else if (field.equals("object")) {
                    expect(p, value, JsonToken.START_OBJECT, "object");
                    if ("ERROR".equals(type) || "BOOKMARK".equals(type)) { // a Status, or a pod with metadata only
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = p.currentName();
                            p.nextToken();
                            switch (f) {
                                case "code" -> code = p.getValueAsInt();
                                case "message" -> message = p.getValueAsString();
                                case "metadata" -> rv = resourceVersion(p);
                                default -> p.skipChildren();
                            }
                        }
                    } else if (type == null) {
                        throw new IOException("the event's object comes before its type");
                    } else {
                        pod = pod(p);
                        rv = pod.resourceVersion();
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new IOException("more than one JSON value on the line");
            }
            if (type == null) {
                throw new IOException("the watch event has no type");
            }
            switch (type) {
                case "ADDED", "MODIFIED", "DELETED" -> {
                    if (pod == null) {
                        throw new IOException(type + " event without a pod");
                    }
                }
                case "BOOKMARK" -> {
                    if (rv == null) {
                        throw new IOException("BOOKMARK event without metadata.resourceVersion");
                    }
                }
                case "ERROR" -> { }
                default -> throw new IOException("unknown watch event type '" + type + "'");
            }
            return new WatchEvent(type, pod, rv, code, message);
        }
    }

    private static String resourceVersion(JsonParser p) throws IOException {
        expect(p, p.currentToken(), JsonToken.START_OBJECT, "metadata");
        String rv = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            if (f.equals("resourceVersion")) {
                rv = text(p, "metadata.resourceVersion");
            } else {
                p.skipChildren();
            }
        }
        return rv;
    }

    /** A pod object, the parser at its {@code START_OBJECT}; left at its {@code END_OBJECT}. */
    static PodInfo pod(JsonParser p) throws IOException {
        expect(p, p.currentToken(), JsonToken.START_OBJECT, "the pod");
        Pod pod = new Pod();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (field) {
                case "metadata" -> metadata(p, pod);
                case "spec" -> spec(p, pod);
                case "status" -> status(p, pod);
                default -> p.skipChildren();
            }
        }
        if (pod.name == null) {
            throw new IOException("a pod without metadata.name");
        }
        return new PodInfo(pod.namespace, pod.name, pod.uid, pod.resourceVersion, pod.labels, pod.annotations,
                pod.nodeName, pod.containers, pod.initContainers, pod.phase, pod.qosClass, pod.statuses,
                pod.initStatuses);
    }

    /** A pod's fields while it is read. */
    private static final class Pod {
        String namespace;
        String name;
        String uid;
        String resourceVersion;
        Map<String, String> labels = Map.of();
        Map<String, String> annotations = Map.of();
        String nodeName;
        List<PodInfo.ContainerSpec> containers = List.of();
        List<PodInfo.ContainerSpec> initContainers = List.of();
        String phase;
        String qosClass;
        List<PodInfo.ContainerStatus> statuses = List.of();
        List<PodInfo.ContainerStatus> initStatuses = List.of();
    }

    private static void metadata(JsonParser p, Pod pod) throws IOException {
        eachField(p, "metadata", f -> {
            switch (f) {
                case "namespace" -> pod.namespace = text(p, "metadata.namespace");
                case "name" -> pod.name = text(p, "metadata.name");
                case "uid" -> pod.uid = text(p, "metadata.uid");
                case "resourceVersion" -> pod.resourceVersion = text(p, "metadata.resourceVersion");
                case "labels" -> pod.labels = strings(p, "metadata.labels");
                case "annotations" -> pod.annotations = strings(p, "metadata.annotations");
                default -> p.skipChildren();
            }
        });
    }

    private static void spec(JsonParser p, Pod pod) throws IOException {
        eachField(p, "spec", f -> {
            switch (f) {
                case "nodeName" -> pod.nodeName = text(p, "spec.nodeName");
                case "containers" -> pod.containers = containers(p, "spec.containers");
                case "initContainers" -> pod.initContainers = containers(p, "spec.initContainers");
                default -> p.skipChildren();
            }
        });
    }

    private static void status(JsonParser p, Pod pod) throws IOException {
        eachField(p, "status", f -> {
            switch (f) {
                case "phase" -> pod.phase = text(p, "status.phase");
                case "qosClass" -> pod.qosClass = text(p, "status.qosClass");
                case "containerStatuses" -> pod.statuses = statuses(p, "status.containerStatuses");
                case "initContainerStatuses" -> pod.initStatuses = statuses(p, "status.initContainerStatuses");
                default -> p.skipChildren();
            }
        });
    }

    private static List<PodInfo.ContainerSpec> containers(JsonParser p, String where) throws IOException {
        List<PodInfo.ContainerSpec> out = new ArrayList<>();
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return out;
        }
        expect(p, p.currentToken(), JsonToken.START_ARRAY, where);
        while (p.nextToken() != JsonToken.END_ARRAY) {
            expect(p, p.currentToken(), JsonToken.START_OBJECT, where + "[]");
            String name = null;
            Map<String, String> requests = Map.of();
            Map<String, String> limits = Map.of();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                if (f.equals("name")) {
                    name = text(p, where + "[].name");
                } else if (f.equals("resources") && p.currentToken() == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String r = p.currentName();
                        p.nextToken();
                        switch (r) {
                            case "requests" -> requests = strings(p, where + "[].resources.requests");
                            case "limits" -> limits = strings(p, where + "[].resources.limits");
                            default -> p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (name == null) {
                throw new IOException(where + "[]: a container without a name");
            }
            out.add(new PodInfo.ContainerSpec(name, requests.get("cpu"), requests.get("memory"), limits.get("cpu"),
                    limits.get("memory")));
        }
        return out;
    }

    private static List<PodInfo.ContainerStatus> statuses(JsonParser p, String where) throws IOException {
        List<PodInfo.ContainerStatus> out = new ArrayList<>();
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return out;
        }
        expect(p, p.currentToken(), JsonToken.START_ARRAY, where);
        while (p.nextToken() != JsonToken.END_ARRAY) {
            expect(p, p.currentToken(), JsonToken.START_OBJECT, where + "[]");
            String name = null;
            String id = null;
            boolean running = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                switch (f) {
                    case "name" -> name = text(p, where + "[].name");
                    case "containerID" -> id = text(p, where + "[].containerID");
                    case "state" -> {
                        if (p.currentToken() == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String state = p.currentName();
                                p.nextToken();
                                running |= state.equals("running") && p.currentToken() == JsonToken.START_OBJECT;
                                p.skipChildren();
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (name == null) {
                throw new IOException(where + "[]: a container status without a name");
            }
            out.add(new PodInfo.ContainerStatus(name, id, running));
        }
        return out;
    }

    /** A JSON object of strings, in its order (a {@code null} value, or the object {@code null}: none). */
    private static Map<String, String> strings(JsonParser p, String where) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return out;
        }
        expect(p, p.currentToken(), JsonToken.START_OBJECT, where);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            p.nextToken();
            String v = text(p, where + "." + k);
            if (v != null) {
                out.put(k, v);
            }
        }
        return out;
    }

    /** A string value, a number's text (a quantity may be written as a number), {@code null} for null. */
    private static String text(JsonParser p, String where) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getText();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        throw new IOException(where + ": expected a string, got " + t + location(p));
    }

    /** What to do with one field of an object, the parser on its value. */
    @FunctionalInterface
    private interface FieldReader {
        void read(String field) throws IOException;
    }

    /** Walks the object the parser is on ({@code where} names it in errors), each field's value to {@code reader}. */
    private static void eachField(JsonParser p, String where, FieldReader reader) throws IOException {
        expect(p, p.currentToken(), JsonToken.START_OBJECT, where);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            reader.read(f);
        }
    }

    private static void expect(JsonParser p, JsonToken got, JsonToken wanted, String what) throws IOException {
        if (got != wanted) {
            throw new IOException(what + ": expected " + wanted + ", got " + (got == null ? "the end" : got)
                    + location(p));
        }
    }

    private static String location(JsonParser p) {
        return " at column " + p.currentLocation().getColumnNr();
    }
}
