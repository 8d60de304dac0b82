package org.placementexplorer.ui.topology;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Device;
import org.placementexplorer.model.Link;
import org.placementexplorer.model.ModelException;

/**
 * Cluster edits as pure functions: each returns a new cluster (or throws {@link ModelException}
 * with a one-line reason, e.g. when removing a device would disconnect the others).
 */
public final class ClusterEdits {
    private ClusterEdits() {
    }

    /** Ids of devices and switches, less one device (the one being edited). */
    public static Set<String> takenIds(Cluster c, int except) {
        Set<String> s = new HashSet<>(c.switches());
        for (int i = 0; i < c.size(); i++) {
            if (i != except) {
                s.add(c.device(i).id());
            }
        }
        return s;
    }

    /** Replaces device {@code index}; a changed id is renamed in the links too. */
    public static Cluster replace(Cluster c, int index, Device d) {
        String old = c.device(index).id();
        List<Device> devices = new ArrayList<>(c.devices());
        devices.set(index, d);
        List<Link> links = new ArrayList<>();
        for (Link l : c.links()) {
            links.add(new Link(l.id(), l.a().equals(old) ? d.id() : l.a(), l.b().equals(old) ? d.id() : l.b(),
                    l.bandwidth(), l.latency()));
        }
        return Cluster.of(c.name(), c.description(), c.sources(), c.servers(), devices, c.switches(), links);
    }

    /** Adds a device connected like {@code template} (its links are copied for the new device). */
    public static Cluster addLike(Cluster c, int template, Device d) {
        List<Device> devices = new ArrayList<>(c.devices());
        devices.add(d);
        String t = c.device(template).id();
        List<Link> links = new ArrayList<>(c.links());
        Set<String> ids = new HashSet<>();
        c.links().forEach(l -> ids.add(l.id()));
        for (Link l : c.links()) {
            if (l.a().equals(t) || l.b().equals(t)) {
                String a = l.a().equals(t) ? d.id() : l.a();
                String b = l.b().equals(t) ? d.id() : l.b();
                if (a.equals(b)) {
                    continue;
                }
                String id = unique(l.id() + "-" + d.id(), ids);
                ids.add(id);
                links.add(new Link(id, a, b, l.bandwidth(), l.latency()));
            }
        }
        // a template linked straight to another device: link the copy to the template too
        return Cluster.of(c.name(), c.description(), c.sources(), c.servers(), devices, c.switches(), links);
    }

    /** A copy of a device with a fresh id, connected like it. */
    public static Cluster duplicate(Cluster c, int index) {
        Device d = c.device(index);
        String id = unique(d.id() + "-copy", takenIds(c, -1));
        return addLike(c, index, d.withId(id, d.name() + " (copy)"));
    }

    /** Removes a device and its links. */
    public static Cluster remove(Cluster c, int index) {
        if (c.size() == 1) {
            throw new ModelException("a cluster needs at least one device");
        }
        String id = c.device(index).id();
        List<Device> devices = new ArrayList<>(c.devices());
        devices.remove(index);
        List<Link> links = new ArrayList<>();
        for (Link l : c.links()) {
            if (!l.a().equals(id) && !l.b().equals(id)) {
                links.add(l);
            }
        }
        return Cluster.of(c.name(), c.description(), c.sources(), c.servers(), devices, c.switches(), links);
    }

    public static String unique(String base, Set<String> taken) {
        if (!taken.contains(base)) {
            return base;
        }
        for (int i = 2;; i++) {
            if (!taken.contains(base + i)) {
                return base + i;
            }
        }
    }
}
