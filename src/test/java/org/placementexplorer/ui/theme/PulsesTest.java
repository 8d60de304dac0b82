package org.placementexplorer.ui.theme;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /** Pieces queued in turn run one per frame, in the order queued, however many views queue them. */
    @Test
    void piecesInTurnRunOnePerPulseInOrder() throws Exception {
        AtomicLong pulses = new AtomicLong();
        java.util.List<Long> ranAt = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.List<Integer> order = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Runnable count = pulses::incrementAndGet;
        WaitForAsyncUtils.asyncFx(() -> {
            shown.addPostLayoutPulseListener(count);
            for (int i = 0; i < 4; i++) {
                int k = i;
                Pulses.inTurn(shown, () -> {
                    ranAt.add(pulses.get());
                    order.add(k);
                    if (k == 0) { // a piece that queues another: it goes to the end of the line
                        Pulses.inTurn(shown, () -> {
                            ranAt.add(pulses.get());
                            order.add(4);
                        });
                    }
                });
            }
            assertTrue(order.isEmpty(), "not inline");
        }).get();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> order.size() == 5);
        WaitForAsyncUtils.asyncFx(() -> shown.removePostLayoutPulseListener(count)).get();
        assertEquals(java.util.List.of(0, 1, 2, 3, 4), order);
        assertTrue(ranAt.get(0) >= 1, "after a pulse: " + ranAt);
        for (int i = 1; i < ranAt.size(); i++) {
            assertTrue(ranAt.get(i) > ranAt.get(i - 1), "one piece per pulse: " + ranAt);
        }
    }

    /** A new round drops the pieces of the earlier one that have not run; its own pieces run. */
    @Test
    void aNewRoundDropsThePiecesOfTheOlderNotYetRun() throws Exception {
        Pulses.Rounds rounds = new Pulses.Rounds();
        java.util.List<String> ran = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        WaitForAsyncUtils.asyncFx(() -> {
            rounds.restart();
            rounds.inTurn(shown, () -> ran.add("old 1"));
            rounds.inTurn(shown, () -> ran.add("old 2"));
            rounds.restart();
            rounds.inTurn(shown, () -> ran.add("new 1"));
        }).get();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> ran.contains("new 1"));
        Thread.sleep(100); // frames pass: nothing of the older round arrives late
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(java.util.List.of("new 1"), ran);
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
        AtomicBoolean inTurn = new AtomicBoolean();
        WaitForAsyncUtils.asyncFx(() -> Pulses.inTurn(hidden, () -> inTurn.set(true))).get();
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(inTurn.get(), "in turn too");
    }
}
