"""The training wing: training the parser model (:mod:`.train`, ``refparse train``), its data augmentation
(:mod:`.augment`), cross-validation (:mod:`.crossval`), and the splitter's synthetic sections
(:mod:`.synthetic`) and document-level line features (:mod:`.split_finder`).

It builds on the runtime, :mod:`refparse.corpus` and :mod:`refparse.evaluation`; none of them imports it.
"""
