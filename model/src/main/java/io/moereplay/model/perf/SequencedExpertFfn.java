package io.moereplay.model.perf;

/**
 * An expert FFN time measured alone, with the saving of running experts back to back on one GPU.
 *
 * @param alone one expert's time alone (e.g. the fit to the expert profile)
 * @param saving what each expert after the first saves
 */
public record SequencedExpertFfn(ExpertFfnTime alone, BackToBackSaving saving) implements ExpertFfnTime {

    @Override
    public double micros(long tokens) {
        return alone.micros(tokens);
    }

    @Override
    public double backToBackSavingMicros(long tokens) {
        return tokens == 0 ? 0 : saving.micros(tokens);
    }

    @Override
    public boolean savesBackToBack() {
        return true;
    }
}
