using System.Text.Json;
using HilBridge.Protocol.Messages;
using Sim.Runtime.Scoring;
using SimCore.Entities;
using SimCore.Simulation;

namespace Sim.Runtime.Tests;

public sealed class PerceptionScorerTests
{
    private const double Eps = 1e-12;

    // ---- BEV IoU -------------------------------------------------------------------------

    [Fact]
    public void Iou_of_axis_aligned_boxes_offset_along_x_is_overlap_over_union()
    {
        // Two 4 x 2 boxes, centres 1 m apart along x: overlap 3 x 2 = 6, union 8 + 8 - 6 = 10.
        Assert.Equal(0.6, BevIou.Compute(0, 0, 4, 2, 0, 1, 0, 4, 2, 0), Eps);
        // Offset diagonally by (1, 1), 2 x 2 squares: overlap 1 x 1, union 4 + 4 - 1 = 7.
        Assert.Equal(1.0 / 7, BevIou.Compute(0, 0, 2, 2, 0, 1, 1, 2, 2, 0), Eps);
        // A 1 x 1 box inside a 4 x 2 box: 1 / 8.
        Assert.Equal(1.0 / 8, BevIou.Compute(0, 0, 4, 2, 0, 0.5, 0.2, 1, 1, 0), Eps);
    }

    [Fact]
    public void Iou_of_a_unit_square_and_the_same_square_turned_45_degrees_is_one_over_root_two()
    {
        // The turned square is |x| + |y| <= sqrt(2)/2. It cuts a right isosceles triangle off each
        // corner of the unit square: corner (1/2, 1/2), legs a = 1/2 - (sqrt(2)/2 - 1/2) = 1 - sqrt(2)/2.
        // Intersection = 1 - 4 a^2 / 2 = 1 - 2 (1 - sqrt(2) + 1/2) = 2 sqrt(2) - 2 (a regular octagon:
        // the cut edges a sqrt(2) = sqrt(2) - 1 equal the remaining edges 1 - 2a = sqrt(2) - 1).
        // Union = 2 - (2 sqrt(2) - 2) = 4 - 2 sqrt(2); IoU = (sqrt(2) - 1) / (2 - sqrt(2)) = 1 / sqrt(2).
        double expected = 1 / Math.Sqrt(2);
        Assert.Equal(expected, BevIou.Compute(0, 0, 1, 1, 0, 0, 0, 1, 1, Math.PI / 4), 1e-12);
        // The same away from the origin and with the roles swapped.
        Assert.Equal(expected, BevIou.Compute(250, -80, 1, 1, Math.PI / 4, 250, -80, 1, 1, 0), 1e-9);
    }

    [Fact]
    public void Iou_of_disjoint_boxes_is_zero_and_of_identical_boxes_is_one()
    {
        Assert.Equal(0, BevIou.Compute(0, 0, 4, 2, 0, 10, 0, 4, 2, 0));
        // Close enough to pass the circumscribed-circle test, yet apart: edges 0.1 m apart.
        Assert.Equal(0, BevIou.Compute(0, 0, 4, 2, 0, 0, 2.1, 4, 2, 0));
        // Touching along an edge: zero area.
        Assert.Equal(0, BevIou.Compute(0, 0, 4, 2, 0, 4, 0, 4, 2, 0), Eps);
        Assert.Equal(1, BevIou.Compute(0, 0, 4, 2, 0, 0, 0, 4, 2, 0), Eps);
        Assert.Equal(1, BevIou.Compute(123.4, -56.7, 4.5, 1.8, 0.7, 123.4, -56.7, 4.5, 1.8, 0.7), 1e-9);
        // Yaw and yaw + pi describe the same rectangle.
        Assert.Equal(1, BevIou.Compute(3, 4, 4.5, 1.8, 0.3, 3, 4, 4.5, 1.8, 0.3 + Math.PI), 1e-9);
        // Degenerate boxes have no area to overlap.
        Assert.Equal(0, BevIou.Compute(0, 0, 0, 2, 0, 0, 0, 4, 2, 0));
    }

    [Fact]
    public void Iou_allocates_nothing()
    {
        BevIou.Compute(0, 0, 1, 1, 0, 0, 0, 1, 1, 0.5);
        long before = GC.GetAllocatedBytesForCurrentThread();
        double sum = 0;
        for (int i = 0; i < 1000; i++)
        {
            sum += BevIou.Compute(0, 0, 4, 2, i * 0.01, 0.5, 0.1, 4, 2, 0);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sum > 0);
    }

    // ---- matching ------------------------------------------------------------------------

    private static GroundTruthBox Truth(int id, string cls, double x, double y, double length = 4.5, double width = 1.8)
        => new(id, cls, x, y, 0.75, length, width, 1.5, 0, 0, 0);

    private static PerceivedObject Seen(long id, string cls, double x, double y, double score, double length = 4.5, double width = 1.8)
        => new(id, cls, x, y, 0.75, length, width, 1.5, 0, 0, 0, score);

    private static ClassScore Class(PerceptionReport r, string name) => Assert.Single(r.Classes, c => c.Class == name);

    [Fact]
    public void A_multi_class_frame_gives_the_hand_counted_tp_fp_fn()
    {
        GroundTruthBox[] truth =
        [
            Truth(1, "car", 10, 0),
            Truth(2, "car", 20, 3.5),
            Truth(3, "pedestrian", 8, -4, 0.6, 0.6),
            Truth(4, "cyclist", 15, 5, 1.8, 0.6),
        ];
        PerceivedObject[] seen =
        [
            // A lower-scored duplicate of car 1, listed first: car 1 goes to id 10 (higher score), so this is an FP.
            Seen(11, "car", 10.2, 0.3, 0.6),
            Seen(10, "car", 10.5, 0, 0.9),
            Seen(12, "car", 19, 3.5, 0.8),
            // Right place, wrong class: an FP car and a missed pedestrian.
            Seen(13, "car", 8, -4, 0.9),
            // Below the 0.3 score threshold: ignored, so the cyclist is missed and no cyclist FP.
            Seen(14, "cyclist", 15, 5, 0.2),
        ];
        var scorer = new PerceptionScorer();
        scorer.Score(0, truth, seen);
        PerceptionReport r = scorer.Report();

        Assert.Equal(["car", "cyclist", "pedestrian"], r.Classes.Select(c => c.Class));
        ClassScore car = Class(r, "car");
        Assert.Equal((2, 2, 0), (car.TruePositives, car.FalsePositives, car.FalseNegatives));
        Assert.Equal(0.5, car.Precision);
        Assert.Equal(1.0, car.Recall);
        // Centre errors 0.5 and 1.0 m. IoUs of equal 4.5 x 1.8 boxes shifted along x by d:
        // (4.5 - d) 1.8 / (2 * 8.1 - (4.5 - d) 1.8): d = 0.5 -> 7.2 / 9 = 0.8; d = 1 -> 6.3 / 9.9 = 7/11.
        Assert.Equal(0.75, car.MeanCentreError!.Value, Eps);
        Assert.Equal((0.8 + 7.0 / 11) / 2, car.MeanIou!.Value, 1e-12);

        ClassScore ped = Class(r, "pedestrian");
        Assert.Equal((0, 0, 1), (ped.TruePositives, ped.FalsePositives, ped.FalseNegatives));
        Assert.Null(ped.Precision);
        Assert.Equal(0.0, ped.Recall);
        Assert.Null(ped.MeanIou);
        Assert.Null(ped.MeanCentreError);

        ClassScore cyc = Class(r, "cyclist");
        Assert.Equal((0, 0, 1), (cyc.TruePositives, cyc.FalsePositives, cyc.FalseNegatives));
        Assert.Null(cyc.Precision);
    }

    [Fact]
    public void Each_detection_takes_the_nearest_free_object_within_the_threshold_best_score_first()
    {
        GroundTruthBox[] truth = [Truth(1, "car", 10, 0), Truth(2, "car", 11.5, 0)];
        // Id 5 (best score) is nearer car 2 and takes it; id 6 is nearer car 2 too but must take car 1 (1.4 m).
        PerceivedObject[] seen = [Seen(6, "car", 11.4, 0, 0.5), Seen(5, "car", 11.3, 0, 0.8)];
        var scorer = new PerceptionScorer();
        scorer.Score(0, truth, seen);
        ClassScore car = Class(scorer.Report(), "car");
        Assert.Equal((2, 0, 0), (car.TruePositives, car.FalsePositives, car.FalseNegatives));
        Assert.Equal((0.2 + 1.4) / 2, car.MeanCentreError!.Value, 1e-12);
    }

    [Fact]
    public void Equal_scores_go_in_id_order_and_the_threshold_distance_itself_matches()
    {
        // One object, two detections of equal score: id 3 comes before id 8 and takes it.
        GroundTruthBox[] truth = [Truth(1, "car", 10, 0)];
        PerceivedObject[] seen = [Seen(8, "car", 10, 0, 0.7), Seen(3, "car", 12, 0, 0.7)];
        var scorer = new PerceptionScorer();
        scorer.Score(0, truth, seen);
        ClassScore car = Class(scorer.Report(), "car");
        Assert.Equal((1, 1, 0), (car.TruePositives, car.FalsePositives, car.FalseNegatives));
        // Id 3 is exactly 2.0 m off: matched, with that error.
        Assert.Equal(2.0, car.MeanCentreError);

        var narrow = new PerceptionScorer(new PerceptionScorerOptions { DistanceThreshold = 1.5, ScoreThreshold = 0.75 });
        narrow.Score(0, truth, seen);
        ClassScore none = Class(narrow.Report(), "car");
        Assert.Equal((0, 0, 1), (none.TruePositives, none.FalsePositives, none.FalseNegatives));
    }

    [Fact]
    public void Bad_options_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PerceptionScorer(new PerceptionScorerOptions { MissFrames = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PerceptionScorer(new PerceptionScorerOptions { DistanceThreshold = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PerceptionScorer(new PerceptionScorerOptions { ScoreThreshold = double.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PerceptionScorer(new PerceptionScorerOptions { MaxEvents = -1 }));
    }

    // ---- events --------------------------------------------------------------------------

    private const long Step = 100_000_000; // 0.1 s

    [Fact]
    public void Two_missed_ticks_then_a_match_make_no_event_and_three_make_one_at_the_first_miss()
    {
        GroundTruthBox[] truth = [Truth(4, "pedestrian", 8, -4, 0.6, 0.6)];
        PerceivedObject[] hit = [Seen(1, "pedestrian", 8, -4, 0.9, 0.6, 0.6)];
        PerceivedObject[] none = [];
        var scorer = new PerceptionScorer();
        long t = 3_000_000_000;
        // Missed, missed, matched: a flicker, no event.
        foreach (PerceivedObject[] answer in new[] { none, none, hit })
        {
            scorer.Score(t, truth, answer);
            t += Step;
        }
        Assert.Empty(scorer.Report().Events);
        // Missed for five ticks from t = 3.3 s: one event, stamped with the first missed tick.
        long first = t;
        for (int i = 0; i < 5; i++)
        {
            scorer.Score(t, truth, none);
            t += Step;
        }
        PerceptionEvent e = Assert.Single(scorer.Report().Events);
        Assert.Equal(first, e.TimeNanoseconds);
        Assert.Equal(PerceptionEvent.Missed, e.Type);
        Assert.Equal("pedestrian", e.Class);
        Assert.Equal(4, e.ObjectId);
        Assert.Equal("pedestrian 4 missed at t=3.300 s", e.Text);
        // Matched again, then missed three more: a second episode, a second event.
        scorer.Score(t, truth, hit);
        t += Step;
        long second = t;
        for (int i = 0; i < 3; i++)
        {
            scorer.Score(t, truth, none);
            t += Step;
        }
        PerceptionReport r = scorer.Report();
        Assert.Equal(2, r.Events.Count);
        Assert.Equal(second, r.Events[1].TimeNanoseconds);
        Assert.Equal(8 + 1 + 3, r.TicksScored);
        ClassScore ped = Class(r, "pedestrian");
        Assert.Equal((2, 0, 10), (ped.TruePositives, ped.FalsePositives, ped.FalseNegatives));
    }

    [Fact]
    public void A_miss_at_3_2_s_reads_as_such()
    {
        GroundTruthBox[] truth = [Truth(4, "pedestrian", 8, -4, 0.6, 0.6)];
        var scorer = new PerceptionScorer();
        for (long t = 3_200_000_000; t < 3_500_000_000; t += Step)
        {
            scorer.Score(t, truth, []);
        }
        PerceptionEvent e = Assert.Single(scorer.Report().Events);
        Assert.Equal("pedestrian 4 missed at t=3.200 s", e.Text);
        Assert.Equal(3.2, e.TimeSeconds);
    }

    [Fact]
    public void An_object_out_of_the_ground_truth_for_a_tick_ends_its_miss_streak()
    {
        GroundTruthBox[] truth = [Truth(4, "pedestrian", 8, -4, 0.6, 0.6)];
        var scorer = new PerceptionScorer();
        scorer.Score(0, truth, []);
        scorer.Score(Step, truth, []);
        scorer.Score(2 * Step, [], []);
        scorer.Score(3 * Step, truth, []);
        scorer.Score(4 * Step, truth, []);
        Assert.Empty(scorer.Report().Events);
        scorer.Score(5 * Step, truth, []);
        Assert.Equal(3 * Step, Assert.Single(scorer.Report().Events).TimeNanoseconds);
    }

    [Fact]
    public void A_ghost_kept_for_three_ticks_makes_one_false_positive_event_per_episode()
    {
        GroundTruthBox[] truth = [Truth(1, "car", 10, 0)];
        PerceivedObject[] ghost = [Seen(10, "car", 10, 0, 0.9), Seen(17, "car", 30, -3, 0.8)];
        PerceivedObject[] weakGhost = [Seen(10, "car", 10, 0, 0.9), Seen(17, "car", 30, -3, 0.1)];
        var scorer = new PerceptionScorer();
        // Ghost, ghost, below threshold (ignored: ends the episode), ghost x 4.
        PerceivedObject[][] answers = [ghost, ghost, weakGhost, ghost, ghost, ghost, ghost];
        for (int i = 0; i < answers.Length; i++)
        {
            scorer.Score(1_000_000_000 + i * Step, truth, answers[i]);
        }
        PerceptionReport r = scorer.Report();
        PerceptionEvent e = Assert.Single(r.Events);
        Assert.Equal(PerceptionEvent.FalsePositive, e.Type);
        Assert.Equal(17, e.ObjectId);
        Assert.Equal("car", e.Class);
        Assert.Equal("false positive car (target id 17) at t=1.300 s", e.Text);
        ClassScore car = Class(r, "car");
        Assert.Equal((7, 6, 0), (car.TruePositives, car.FalsePositives, car.FalseNegatives));
    }

    [Fact]
    public void Events_past_the_cap_are_counted_not_kept()
    {
        var scorer = new PerceptionScorer(new PerceptionScorerOptions { MaxEvents = 1, MissFrames = 1 });
        GroundTruthBox[] truth = [Truth(1, "car", 10, 0), Truth(2, "car", 20, 0), Truth(3, "bus", 40, 0)];
        scorer.Score(0, truth, []);
        PerceptionReport r = scorer.Report();
        Assert.Equal("car 1 missed at t=0.000 s", Assert.Single(r.Events).Text);
        Assert.Equal(2, r.EventsDropped);
    }

    [Fact]
    public void Steady_state_scoring_allocates_nothing()
    {
        GroundTruthBox[] truth = [Truth(1, "car", 10, 0), Truth(2, "pedestrian", 5, 3, 0.6, 0.6), Truth(3, "truck", 30, -3.5)];
        PerceivedObject[] seen = [Seen(7, "car", 10.3, 0.1, 0.9), Seen(8, "car", 50, 0, 0.8), Seen(9, "truck", 29, -3.5, 0.2)];
        var scorer = new PerceptionScorer();
        for (int i = 0; i < 10; i++)
        {
            scorer.Score(i * Step, truth, seen);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 10; i < 1000; i++)
        {
            scorer.Score(i * Step, truth, seen);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    // ---- mistakes per hour ---------------------------------------------------------------

    [Fact]
    public void Mistakes_per_hour_count_episodes_over_the_scored_time_by_hand()
    {
        // 20 ticks 0.1 s apart from t = 5.0 s: 1.9 s from first to last plus the last tick's 0.1 s = 2.0 s,
        // so one mistake is 3600 / 2 = 1800 per hour. Car 1 and pedestrian 4 are there throughout.
        GroundTruthBox[] truth = [Truth(1, "car", 10, 0), Truth(4, "pedestrian", 8, -4, 0.6, 0.6)];
        static bool In(int i, int from, int to) => i >= from && i <= to;
        var scorer = new PerceptionScorer(new PerceptionScorerOptions { MaxEvents = 2 });
        for (int i = 0; i < 20; i++)
        {
            var seen = new List<PerceivedObject>();
            // Car 1 missed on ticks 2-6 (5: an episode), 12-13 (2: a flicker) and 16-19 (4: an episode).
            if (!In(i, 2, 6) && !In(i, 12, 13) && !In(i, 16, 19))
            {
                seen.Add(Seen(10, "car", 10, 0, 0.9));
            }
            // Pedestrian 4 missed on ticks 0-2: exactly miss_frames, an episode.
            if (!In(i, 0, 2))
            {
                seen.Add(Seen(20, "pedestrian", 8, -4, 0.9, 0.6, 0.6));
            }
            // Ghost car 30 on ticks 4-9 (an episode), 11-12 (a flicker), 14-16 (an episode).
            if (In(i, 4, 9) || In(i, 11, 12) || In(i, 14, 16))
            {
                seen.Add(Seen(30, "car", 40, 10, 0.8));
            }
            // Ghost car 33 on ticks 7-9, below the score threshold on tick 8: two one-tick ghosts, no episode.
            if (In(i, 7, 9))
            {
                seen.Add(Seen(33, "car", -20, 5, i == 8 ? 0.2 : 0.9));
            }
            // Ghost truck 31 throughout: one episode.
            seen.Add(Seen(31, "truck", 25, -8, 0.7));
            scorer.Score(5_000_000_000 + i * Step, truth, seen);
        }
        PerceptionReport r = scorer.Report();
        Assert.Equal(2_000_000_000, r.ScoredNanoseconds);

        ClassScore car = Class(r, "car");
        Assert.Equal((9, 6 + 2 + 3 + 2, 5 + 2 + 4), (car.TruePositives, car.FalsePositives, car.FalseNegatives));
        Assert.Equal((2, 2), (car.FalsePositiveEpisodes, car.FalseNegativeEpisodes));
        ClassScore ped = Class(r, "pedestrian");
        Assert.Equal((17, 0, 3), (ped.TruePositives, ped.FalsePositives, ped.FalseNegatives));
        Assert.Equal((0, 1), (ped.FalsePositiveEpisodes, ped.FalseNegativeEpisodes));
        ClassScore truck = Class(r, "truck");
        Assert.Equal((0, 20, 0), (truck.TruePositives, truck.FalsePositives, truck.FalseNegatives));
        Assert.Equal((1, 0), (truck.FalsePositiveEpisodes, truck.FalseNegativeEpisodes));
        // Episodes are counted past the event cap: 6 episodes, 2 events kept.
        Assert.Equal(2, r.Events.Count);
        Assert.Equal(4, r.EventsDropped);

        using JsonDocument doc = JsonDocument.Parse(r.ToJson());
        JsonElement root = doc.RootElement;
        Assert.Equal(2.0, root.GetProperty("scored_time_s").GetDouble());
        JsonElement classes = root.GetProperty("classes");
        (string Class, double Fp, double Fn)[] expected = [("car", 3600, 3600), ("pedestrian", 0, 1800), ("truck", 1800, 0)];
        foreach ((string cls, double fp, double fn) in expected)
        {
            Assert.Equal(fp, classes.GetProperty(cls).GetProperty("fp_per_hour").GetDouble(), 1e-9);
            Assert.Equal(fn, classes.GetProperty(cls).GetProperty("fn_per_hour").GetDouble(), 1e-9);
        }
    }

    [Fact]
    public void Scored_time_spans_first_to_last_tick_plus_the_shortest_gap_and_is_zero_for_one_tick()
    {
        GroundTruthBox[] truth = [Truth(4, "pedestrian", 8, -4, 0.6, 0.6)];
        var one = new PerceptionScorer(new PerceptionScorerOptions { MissFrames = 1 });
        one.Score(7 * Step, truth, []);
        PerceptionReport r = one.Report();
        Assert.Equal(0, r.ScoredNanoseconds);
        Assert.Equal(1, Class(r, "pedestrian").FalseNegativeEpisodes);
        using (JsonDocument doc = JsonDocument.Parse(r.ToJson()))
        {
            JsonElement ped = doc.RootElement.GetProperty("classes").GetProperty("pedestrian");
            Assert.Equal(JsonValueKind.Null, ped.GetProperty("fn_per_hour").ValueKind);
            Assert.Equal(JsonValueKind.Null, ped.GetProperty("fp_per_hour").ValueKind);
        }

        // Ticks at 1.0, 1.1, 1.2 s, then (the target sent no objects meanwhile) 2.0 and 2.1 s: the span
        // 1.1 s plus the shortest gap 0.1 s. A late tick at 1.5 s adds nothing.
        var gappy = new PerceptionScorer();
        foreach (long t in new long[] { 10, 11, 12, 20, 15, 21 })
        {
            gappy.Score(t * Step, truth, []);
        }
        Assert.Equal(1_200_000_000, gappy.Report().ScoredNanoseconds);
    }

    // ---- ground truth in the ego frame ---------------------------------------------------

    private static EntitySnapshot Entity(int id, EntityKind kind, double x, double y, double heading, double speed = 0,
        double centreOffset = 0, double length = 4.5, double width = 1.8, double height = 1.5, double yawRate = 0)
        => new EntitySnapshot($"e{id}", x, y, 0, heading, speed, false, null, 0, 0, 0)
        {
            Id = id, Kind = kind, Length = length, Width = width, Height = height, CenterOffsetX = centreOffset, YawRate = yawRate,
        };

    [Fact]
    public void Ground_truth_is_in_the_ego_frame_with_box_centres()
    {
        // Ego at (100, 50) facing north; its own centre offset does not move the ego frame's origin.
        EntitySnapshot[] world =
        [
            Entity(0, EntityKind.Pedestrian, 100, 60, Math.PI / 2, length: 0.6, width: 0.6, height: 1.8), // 10 m north, same heading
            Entity(1, EntityKind.Car, 100, 50, Math.PI / 2, centreOffset: 1.4) with { IsEgo = true },
            Entity(2, EntityKind.Truck, 110, 50, 0),                                                   // 10 m east: to the ego's right
            // Reference point 10 m north, facing east, box centre 1.4 m ahead of it (east), moving
            // east at 5 m/s while turning left at 1 rad/s: the centre also moves north at 1 x 1.4 m/s.
            Entity(3, EntityKind.Car, 100, 60, 0, speed: 5, centreOffset: 1.4, yawRate: 1),
            Entity(4, EntityKind.Cyclist, 100, 200, 0),                                                // beyond 100 m
        ];
        GroundTruthBox[] boxes = GroundTruthFrame.FromSnapshots(world, 1, 100);
        Assert.Equal([0, 2, 3], boxes.Select(b => b.Id));

        GroundTruthBox ped = boxes[0];
        Assert.Equal("pedestrian", ped.Class);
        Assert.Equal(10, ped.X, 1e-9);
        Assert.Equal(0, ped.Y, 1e-9);
        Assert.Equal(0.9, ped.Z, 1e-9); // box centre half its height up
        Assert.Equal(0, ped.Yaw, 1e-12);
        Assert.Equal((0.6, 0.6, 1.8), (ped.Length, ped.Width, ped.Height));

        GroundTruthBox truck = boxes[1];
        Assert.Equal("truck", truck.Class);
        Assert.Equal(0, truck.X, 1e-9);
        Assert.Equal(-10, truck.Y, 1e-9);
        Assert.Equal(-Math.PI / 2, truck.Yaw, 1e-12);

        GroundTruthBox car = boxes[2];
        // World centre (101.4, 60): 10 m ahead of the ego, 1.4 m to its right.
        Assert.Equal(10, car.X, 1e-9);
        Assert.Equal(-1.4, car.Y, 1e-9);
        Assert.Equal(-Math.PI / 2, car.Yaw, 1e-12);
        // World velocity of the centre (5, 1.4): along the ego's x (north) 1.4, along its y (west) -5.
        Assert.Equal(1.4, car.Vx, 1e-9);
        Assert.Equal(-5, car.Vy, 1e-9);
    }

    [Fact]
    public void Ground_truth_refuses_a_bad_ego_range_or_destination()
    {
        EntitySnapshot[] world = [Entity(0, EntityKind.Car, 0, 0, 0), Entity(1, EntityKind.Car, 10, 0, 0)];
        Assert.Throws<ArgumentOutOfRangeException>(() => GroundTruthFrame.FromSnapshots(world, 2, 100));
        Assert.Throws<ArgumentOutOfRangeException>(() => GroundTruthFrame.FromSnapshots(world, 0, 0));
        Assert.Throws<ArgumentException>(() => GroundTruthFrame.FromSnapshots(world, 0, 100, Span<GroundTruthBox>.Empty));
        Assert.Single(GroundTruthFrame.FromSnapshots(world, 0, double.PositiveInfinity));
    }

    [Fact]
    public void Ground_truth_and_scorer_agree_end_to_end()
    {
        // A target that reports exactly the ground truth scores perfectly.
        EntitySnapshot[] world =
        [
            Entity(0, EntityKind.Car, 0, 0, 0.3),
            Entity(1, EntityKind.Bus, 20, 5, 1.0, speed: 10, centreOffset: 3, length: 12, width: 2.5, height: 3.2),
            Entity(2, EntityKind.Obstacle, 12, -2, 2.0, length: 1, width: 1, height: 0.5),
        ];
        GroundTruthBox[] boxes = GroundTruthFrame.FromSnapshots(world, 0, 150);
        PerceivedObject[] seen = boxes.Select(b => new PerceivedObject(100 + b.Id, b.Class, b.X, b.Y, b.Z, b.Length, b.Width, b.Height, b.Yaw, b.Vx, b.Vy, 1)).ToArray();
        var scorer = new PerceptionScorer();
        scorer.Score(0, boxes, seen);
        PerceptionReport r = scorer.Report();
        Assert.Equal(["bus", "obstacle"], r.Classes.Select(c => c.Class));
        Assert.All(r.Classes, c =>
        {
            Assert.Equal((1, 0, 0), (c.TruePositives, c.FalsePositives, c.FalseNegatives));
            Assert.Equal(1, c.MeanIou!.Value, 1e-9);
            Assert.Equal(0, c.MeanCentreError!.Value, 1e-9);
        });
    }

    // ---- JSON ----------------------------------------------------------------------------

    [Fact]
    public void The_report_writes_the_documented_json_shape()
    {
        GroundTruthBox[] truth = [Truth(1, "car", 10, 0), Truth(4, "pedestrian", 8, -4, 0.6, 0.6)];
        PerceivedObject[] seen = [Seen(10, "car", 10.5, 0, 0.9)];
        var scorer = new PerceptionScorer();
        for (long t = 3_200_000_000; t < 3_500_000_000; t += Step)
        {
            scorer.Score(t, truth, seen);
        }
        string json = scorer.Report().ToJson();
        using JsonDocument doc = JsonDocument.Parse(json);
        JsonElement root = doc.RootElement;
        Assert.Equal(["ticks_scored", "scored_time_s", "distance_threshold_m", "score_threshold", "miss_frames", "classes", "events", "events_dropped"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(3, root.GetProperty("ticks_scored").GetInt64());
        // Three ticks 0.1 s apart: 0.2 s from first to last plus the last tick's own 0.1 s.
        Assert.Equal(0.3, root.GetProperty("scored_time_s").GetDouble(), 1e-12);
        Assert.Equal(2.0, root.GetProperty("distance_threshold_m").GetDouble());
        Assert.Equal(0.3, root.GetProperty("score_threshold").GetDouble());
        Assert.Equal(3, root.GetProperty("miss_frames").GetInt32());

        JsonElement classes = root.GetProperty("classes");
        Assert.Equal(["car", "pedestrian"], classes.EnumerateObject().Select(p => p.Name));
        JsonElement car = classes.GetProperty("car");
        Assert.Equal(["tp", "fp", "fn", "precision", "recall", "mean_iou", "mean_centre_error_m", "fp_episodes", "fn_episodes", "fp_per_hour", "fn_per_hour"],
            car.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, car.GetProperty("fn_episodes").GetInt64());
        Assert.Equal(0.0, car.GetProperty("fn_per_hour").GetDouble());
        Assert.Equal(3, car.GetProperty("tp").GetInt64());
        Assert.Equal(0, car.GetProperty("fp").GetInt64());
        Assert.Equal(1.0, car.GetProperty("precision").GetDouble());
        Assert.Equal(0.8, car.GetProperty("mean_iou").GetDouble(), 1e-12);
        Assert.Equal(0.5, car.GetProperty("mean_centre_error_m").GetDouble(), 1e-12);
        JsonElement ped = classes.GetProperty("pedestrian");
        Assert.Equal(3, ped.GetProperty("fn").GetInt64());
        Assert.Equal(JsonValueKind.Null, ped.GetProperty("precision").ValueKind);
        Assert.Equal(0.0, ped.GetProperty("recall").GetDouble());
        Assert.Equal(JsonValueKind.Null, ped.GetProperty("mean_iou").ValueKind);
        // Missed for all three ticks: one miss episode in 0.3 s, 3600 / 0.3 = 12,000 per hour.
        Assert.Equal(1, ped.GetProperty("fn_episodes").GetInt64());
        Assert.Equal(12_000, ped.GetProperty("fn_per_hour").GetDouble(), 1e-6);

        JsonElement e = Assert.Single(root.GetProperty("events").EnumerateArray());
        Assert.Equal(3.2, e.GetProperty("time").GetDouble());
        Assert.Equal("missed", e.GetProperty("type").GetString());
        Assert.Equal("pedestrian", e.GetProperty("class").GetString());
        Assert.Equal(4, e.GetProperty("object").GetInt64());
        Assert.Equal("pedestrian 4 missed at t=3.200 s", e.GetProperty("text").GetString());
        Assert.Equal(0, root.GetProperty("events_dropped").GetInt64());
        // Invariant numbers: a decimal point, never a comma.
        Assert.Contains("\"time\": 3.2", json);
    }

    [Fact]
    public void Unknown_class_names_beyond_the_cap_are_pooled()
    {
        // One unknown name kept apart; the score order (van first) decides which.
        var scorer = new PerceptionScorer(new PerceptionScorerOptions { MaxUnknownClasses = 1 });
        scorer.Score(0, [Truth(1, "car", 10, 0)],
            [Seen(1, "tram", 5, 0, 0.8), Seen(2, "van", 10, 0, 0.9), Seen(3, "ufo", 20, 0, 0.7), Seen(4, "car", 10, 0, 0.6)]);
        PerceptionReport r = scorer.Report();
        Assert.Equal([PerceptionScorer.OtherClass, "car", "van"], r.Classes.Select(c => c.Class));
        Assert.Equal(1, Class(r, "car").TruePositives);
        Assert.Equal(1, Class(r, "van").FalsePositives);
        Assert.Equal(2, Class(r, PerceptionScorer.OtherClass).FalsePositives);
    }
}
