"""Training-data augmentation: references re-rendered through citation styles (:mod:`.styles`) and PDF
extraction noise (:mod:`.noise`), both with exact labels."""
