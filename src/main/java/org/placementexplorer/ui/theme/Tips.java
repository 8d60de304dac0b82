package org.placementexplorer.ui.theme;

import javafx.scene.control.Control;
import javafx.scene.control.Tooltip;

/** Tooltips for rows that are rebuilt often (property rows, link rows). */
public final class Tips {
    private Tips() {
    }

    /**
     * Gives {@code c} a tooltip with {@code text}, made when the pointer first comes over it: making
     * one per row on every fill cost each fill time on the FX thread (ADR 48). It still shows on that
     * first hover.
     */
    public static void onFirstHover(Control c, String text) {
        c.setOnMouseEntered(e -> {
            if (c.getTooltip() == null) {
                c.setTooltip(new Tooltip(text));
            }
        });
    }
}
