package org.placementexplorer.ui.theme;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javafx.scene.Scene;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class PulsesTest {
    private Scene shown;

    @Start
    void start(Stage stage) {
        shown = new Scene(new Pane(), 50, 50);
        stage.setScene(shown);
        stage.show();
    }

    @Test
    void runsAfterTheScenesPulses() throws Exception {
        AtomicLong pulses = new AtomicLong();
        AtomicLong seenAt = new AtomicLong(-1);
        Runnable count = pulses::incrementAndGet;
        WaitForAsyncUtils.asyncFx(() -> {
            shown.addPostLayoutPulseListener(count);
            Pulses.afterPulses(shown, 2, () -> seenAt.set(pulses.get()));
        }).get();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> seenAt.get() >= 0);
        WaitForAsyncUtils.asyncFx(() -> shown.removePostLayoutPulseListener(count)).get();
        assertTrue(seenAt.get() >= 2, "ran after two pulses, saw " + seenAt.get());
    }

    @Test
    void aSceneWithoutAShowingWindowDoesNotHoldTheWorkBack() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        Scene hidden = WaitForAsyncUtils.asyncFx(() -> new Scene(new Pane())).get();
        WaitForAsyncUtils.asyncFx(() -> {
            Pulses.afterPulses(hidden, 3, () -> ran.set(true));
            assertFalse(ran.get(), "not inline");
        }).get();
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(ran.get());
    }
}
