package org.placementexplorer.model;

/** A host that groups devices (the devices name it in {@link Device#server()}). */
public record Server(String id, String name) {
    public Server {
        if (id == null || id.isBlank()) {
            throw new ModelException("a server has an empty id");
        }
        name = name == null || name.isBlank() ? id : name;
    }
}
